//! Bounded reading of files a user hands the crate: a rule pack's folder, and one file (a
//! case file). Only regular files are opened, never devices, FIFOs or sockets (which could
//! block forever or never end), and never more than a limit is read, even from a file that
//! grows while it is read.

use std::collections::BTreeMap;
use std::fs::{self, File, FileType};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{Location, Problem, ProblemCode, Refusal, RulebookError};

/// The most bytes one file of a rule pack may hold (the default pack's largest is 12 KiB).
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// The most bytes all files of a rule pack may hold together.
pub const MAX_PACK_BYTES: u64 = 16 << 20;
/// The most files a rule pack may hold.
pub const MAX_PACK_FILES: usize = 1_000;
/// The most folders deep a rule pack may nest (the default pack: 1).
pub const MAX_DEPTH: usize = 8;

/// Why one file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Refused before reading.
    Refused(Refusal),
    /// The system's error.
    Io(std::io::Error),
}

/// Reads the regular file at `path` (following symbolic links), if it holds at most
/// `limit` bytes.
///
/// # Errors
///
/// [`ReadError::Refused`] for anything but a regular file, or a file over `limit` (also
/// one that grows past it while read); [`ReadError::Io`] when it cannot be read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = fs::metadata(path).map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::Refused(Refusal::NotARegularFile {
            kind: describe(metadata.file_type()),
        }));
    }
    let too_large = |size| ReadError::Refused(Refusal::FileTooLarge { size, limit });
    if metadata.len() > limit {
        return Err(too_large(metadata.len()));
    }
    let file = File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(too_large(size));
    }
    Ok(bytes)
}

/// What a file type is, for a refusal.
fn describe(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// The files of the pack in `dir`, as `(path inside the pack, text)`, and the problems
/// found reading them (a file that is not UTF-8).
pub(crate) fn read_pack(
    dir: &Path,
) -> Result<(BTreeMap<String, String>, Vec<Problem>), RulebookError> {
    let root = fs::canonicalize(dir).map_err(|e| unreadable(dir, &e))?;
    let mut pack = PackReader {
        root,
        files: BTreeMap::new(),
        problems: Vec::new(),
        bytes: 0,
    };
    pack.folder(dir, "", 0)?;
    Ok((pack.files, pack.problems))
}

struct PackReader {
    /// The pack's folder, with every symbolic link resolved.
    root: PathBuf,
    files: BTreeMap<String, String>,
    problems: Vec<Problem>,
    bytes: u64,
}

fn unreadable(path: &Path, e: &std::io::Error) -> RulebookError {
    RulebookError::Unreadable {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

fn refused(path: &Path, why: Refusal) -> RulebookError {
    RulebookError::Refused {
        path: path.display().to_string(),
        why,
    }
}

impl PackReader {
    fn folder(&mut self, dir: &Path, prefix: &str, depth: usize) -> Result<(), RulebookError> {
        if depth > MAX_DEPTH {
            return Err(refused(dir, Refusal::TooDeep { limit: MAX_DEPTH }));
        }
        let mut entries = fs::read_dir(dir)
            .map_err(|e| unreadable(dir, &e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| unreadable(dir, &e))?;
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with('.') {
                continue;
            }
            let relative = format!("{prefix}{name}");
            let mut file_type = entry.file_type().map_err(|e| unreadable(&path, &e))?;
            if file_type.is_symlink() {
                // Resolved before anything is opened: a link may stay inside the pack only.
                let target = fs::canonicalize(&path).map_err(|e| unreadable(&path, &e))?;
                if !target.starts_with(&self.root) {
                    return Err(refused(&path, Refusal::OutsidePack));
                }
                file_type = fs::metadata(&target)
                    .map_err(|e| unreadable(&path, &e))?
                    .file_type();
            }
            if file_type.is_dir() {
                self.folder(&path, &format!("{relative}/"), depth + 1)?;
            } else if name != "README.md" {
                self.file(&path, relative)?;
            }
        }
        Ok(())
    }

    fn file(&mut self, path: &Path, relative: String) -> Result<(), RulebookError> {
        if self.files.len() >= MAX_PACK_FILES {
            return Err(refused(
                path,
                Refusal::TooManyFiles {
                    limit: MAX_PACK_FILES,
                },
            ));
        }
        let left = MAX_PACK_BYTES - self.bytes;
        let bytes = read_regular(path, MAX_FILE_BYTES).map_err(|e| match e {
            ReadError::Refused(why) => refused(path, why),
            ReadError::Io(e) => unreadable(path, &e),
        })?;
        let size = bytes.len() as u64;
        if size > left {
            return Err(refused(
                path,
                Refusal::PackTooLarge {
                    limit: MAX_PACK_BYTES,
                },
            ));
        }
        self.bytes += size;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                self.problems.push(Problem::new(
                    ProblemCode::NotUtf8,
                    Location::at_offset(&relative, &text, offset),
                    format!("not UTF-8: invalid byte at offset {offset}"),
                ));
                // Kept, so the file is not also reported missing; the pack is invalid anyway.
                text
            }
        };
        self.files.insert(relative, text);
        Ok(())
    }
}
