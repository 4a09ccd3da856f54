//! Files a pack or a case file could be made of: only regular files inside the pack, under a
//! size limit, are read; everything else is refused by name before it is opened.

use std::path::{Path, PathBuf};

use credit_charter::case_file::{CaseFileError, MAX_CASE_FILE_BYTES};
use credit_charter::rulebook::files::{MAX_FILE_BYTES, MAX_PACK_BYTES};
use credit_charter::rulebook::{Refusal, RulebookError};
use credit_charter::{CaseFile, Rulebook};

use crate::support::pack_dir;

const RULE: &str = "credit_limit/notice_period.rhai";

fn refusal(dir: &Path) -> (String, Refusal) {
    match Rulebook::from_dir(dir) {
        Err(RulebookError::Refused { path, why }) => (path, why),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn scratch(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("credit-charter-{name}-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn a_rule_file_linked_to_dev_zero_is_refused_by_name_not_read() {
    let dir = pack_dir("dev-zero", &[(RULE, None)]);
    std::os::unix::fs::symlink("/dev/zero", dir.join(RULE)).unwrap();
    let (path, why) = refusal(&dir);
    assert!(path.ends_with(RULE), "{path}");
    assert_eq!(why, Refusal::OutsidePack);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_symlink_out_of_the_pack_is_refused_and_nothing_of_its_target_is_echoed() {
    let secret = scratch("secret.rhai");
    std::fs::write(&secret, "hunter2 is the password\n").unwrap();
    let dir = pack_dir("outside", &[(RULE, None)]);
    std::os::unix::fs::symlink(&secret, dir.join(RULE)).unwrap();
    let err = Rulebook::from_dir(&dir).unwrap_err();
    assert!(
        matches!(
            err,
            RulebookError::Refused {
                why: Refusal::OutsidePack,
                ..
            }
        ),
        "{err}"
    );
    assert!(!err.to_string().contains("hunter2"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_file(secret).unwrap();
}

#[test]
fn a_symlink_inside_the_pack_is_followed() {
    let dir = pack_dir("inside", &[]);
    std::fs::rename(dir.join(RULE), dir.join("credit_limit/real.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("credit_limit/real.txt"), dir.join(RULE)).unwrap();
    // The link is read; the file it names is stray in the pack, which validation says.
    let err = Rulebook::from_dir(&dir).unwrap_err().to_string();
    assert!(
        err.contains("credit_limit/real.txt: unexpected file"),
        "{err}"
    );
    assert!(!err.contains("missing rule"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_fifo_in_the_pack_is_refused_without_blocking() {
    let dir = pack_dir("fifo", &[(RULE, None)]);
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join(RULE))
        .status()
        .unwrap();
    assert!(status.success());
    let (path, why) = refusal(&dir);
    assert!(path.ends_with(RULE));
    assert_eq!(why, Refusal::NotARegularFile { kind: "a FIFO" });
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_50_mib_rule_file_is_refused_before_it_is_read() {
    let dir = pack_dir("large-rule", &[]);
    // Sparse: 50 MiB long, no 50 MiB written.
    std::fs::File::options()
        .write(true)
        .open(dir.join(RULE))
        .unwrap()
        .set_len(50 << 20)
        .unwrap();
    assert_eq!(
        refusal(&dir).1,
        Refusal::FileTooLarge {
            size: 50 << 20,
            limit: MAX_FILE_BYTES
        }
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_pack_larger_than_its_limit_is_refused() {
    let dir = pack_dir("large-pack", &[]);
    for i in 0..17 {
        let file = dir.join(format!("credit_limit/padding_{i:02}.rhai"));
        std::fs::File::create(&file)
            .unwrap()
            .set_len(MAX_FILE_BYTES)
            .unwrap();
    }
    assert_eq!(
        refusal(&dir).1,
        Refusal::PackTooLarge {
            limit: MAX_PACK_BYTES
        }
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_in_memory_file_over_the_limit_is_a_problem_not_compiled() {
    let huge = format!("//! C3.4\n{}", "// padding\n".repeat(100_000));
    let err = crate::support::pack_with(&[(RULE, Some(&huge))]).unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "{RULE}: {} bytes: a file of a pack holds at most",
            huge.len()
        )),
        "{err}"
    );
}

#[test]
fn a_case_path_to_dev_zero_or_a_fifo_is_refused_by_name() {
    let err = CaseFile::read(Path::new("/dev/zero"), MAX_CASE_FILE_BYTES).unwrap_err();
    assert_eq!(
        err,
        CaseFileError::Refused {
            path: "/dev/zero".into(),
            why: Refusal::NotARegularFile { kind: "a device" }
        }
    );
    let fifo = scratch("case.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let err = CaseFile::read(&fifo, MAX_CASE_FILE_BYTES).unwrap_err();
    assert!(
        matches!(
            &err,
            CaseFileError::Refused {
                why: Refusal::NotARegularFile { kind: "a FIFO" },
                ..
            }
        ),
        "{err}"
    );
    std::fs::remove_file(fifo).unwrap();
}

#[test]
fn a_95_mb_case_file_is_refused_unless_the_limit_is_raised() {
    let big = scratch("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(95_000_000)
        .unwrap();
    let err = CaseFile::read(&big, MAX_CASE_FILE_BYTES).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read case file `{}`: 95000000 bytes is more than the {MAX_CASE_FILE_BYTES} a file may hold",
            big.display()
        )
    );
    std::fs::remove_file(big).unwrap();
}

#[test]
fn a_case_file_that_is_not_utf8_is_unreadable_at_its_first_bad_byte() {
    let path = crate::hostile::fixtures().join("cases/not_utf8.json");
    let err = CaseFile::read(&path, MAX_CASE_FILE_BYTES).unwrap_err();
    let CaseFileError::Unreadable { message, .. } = err else {
        panic!("{err}")
    };
    assert!(
        message.starts_with("not UTF-8: invalid byte at offset "),
        "{message}"
    );
}
