//! Loading a pack: classify its files, compile every rule, and check everything at once.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use rhai::{AST, ASTNode, Expr, FnCallExpr, Stmt};
use sha2::{Digest, Sha256};

use super::cases::CaseSet;
use super::error::{Location, Problem, ProblemCode, did_you_mean};
use super::manifest::{Manifest, RuleSpec};
use super::memo::Reads;
use super::parameters::{ParamSpec, ParameterTable};
use super::policy::EXCEPTION_PREFIX;
use super::reasons::Reasons;
use super::{PackHash, files, sandbox};
use crate::calendar::HolidayCalendar;
use crate::text::{Shared, SourceText};

/// One compiled version of a rule, in force from `from` (or from the start, when `None`)
/// until the next version starts.
#[derive(Debug, Clone)]
pub(crate) struct RuleVersion {
    pub(crate) from: Option<NaiveDate>,
    /// The rule's id, as records quote it.
    pub(crate) id: Shared,
    pub(crate) file: Shared,
    /// The file's text, for diagnostics.
    pub(crate) source: SourceText,
    pub(crate) ast: AST,
    /// Labels of the `exception_<label>` functions, sorted.
    pub(crate) exceptions: Vec<Shared>,
    /// Where each function is defined, by name.
    pub(crate) functions: BTreeMap<String, Location>,
    /// Where each function ends (its closing brace, where it returns), by name.
    pub(crate) returns: BTreeMap<String, Location>,
    /// The facts and parameters the version reads, when it reads them only by name: then
    /// its evaluations may be memoised.
    pub(crate) reads: Option<Reads>,
}

impl RuleVersion {
    /// Where function `name` is defined (the file, when it is not).
    pub(crate) fn function_location(&self, name: &str) -> Location {
        self.functions
            .get(name)
            .cloned()
            .unwrap_or_else(|| Location::file(&self.file))
    }

    /// Where function `name` returns from (its definition, when that is not known).
    pub(crate) fn return_location(&self, name: &str) -> Location {
        self.returns
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.function_location(name))
    }
}

/// A map by a manifest name, hashed with fixed keys: every rule call looks its rule up, and
/// every parameter the crate reads is checked against its declaration, so these are hashed
/// rather than searched. Never iterated: nothing's order depends on the hasher.
pub(crate) type ByName<V> =
    std::collections::HashMap<&'static str, V, std::hash::BuildHasherDefault<ahash::AHasher>>;

/// A validated pack, before it is wrapped in a [`Rulebook`](super::Rulebook).
#[derive(Debug)]
pub(crate) struct Pack {
    /// This load's identity, never shared by two loads (the memo's key).
    pub(crate) id: u64,
    pub(crate) manifest: &'static Manifest,
    /// Every parameter the manifest declares, by name.
    pub(crate) declared: ByName<ParamSpec>,
    pub(crate) rules: ByName<Vec<RuleVersion>>,
    pub(crate) parameters: ParameterTable,
    pub(crate) reasons: Reasons,
    pub(crate) calendars: BTreeMap<String, HolidayCalendar>,
    pub(crate) cases: Vec<CaseSet>,
    pub(crate) hash: PackHash,
}

/// One version file of a rule, before compiling.
struct VersionFile<'a> {
    from: Option<&'a str>,
    path: &'a str,
    text: &'a str,
}

/// What a file in a pack is, by its path.
enum Kind<'a> {
    Parameters,
    Reasons,
    Calendar(&'a str),
    Rule { id: String, from: Option<&'a str> },
    Cases { id: String },
    Unexpected,
}

fn classify(path: &str) -> Kind<'_> {
    match path {
        "parameters.toml" => return Kind::Parameters,
        "reasons.toml" => return Kind::Reasons,
        _ => {}
    }
    if let Some(code) = path
        .strip_prefix("calendars/")
        .and_then(|p| p.strip_suffix(".toml"))
    {
        return Kind::Calendar(code);
    }
    let Some((area, file)) = path.split_once('/') else {
        return Kind::Unexpected;
    };
    if let Some(name) = file.strip_suffix(".cases.toml") {
        return Kind::Cases {
            id: format!("{area}/{name}"),
        };
    }
    match file.strip_suffix(".rhai").map(|stem| {
        stem.split_once('@')
            .map_or((stem, None), |(n, d)| (n, Some(d)))
    }) {
        Some((name, from)) => Kind::Rule {
            id: format!("{area}/{name}"),
            from,
        },
        None => Kind::Unexpected,
    }
}

/// Validates `files` against `manifest`; `problems` holds what reading them found already
/// (a file that is not UTF-8), so every problem is reported at once.
pub(crate) fn load(
    files: &BTreeMap<String, String>,
    manifest: &'static Manifest,
    mut problems: Vec<Problem>,
) -> Result<Pack, Vec<Problem>> {
    let mut parameters = None;
    let mut reasons = None;
    let mut calendars = BTreeMap::new();
    let mut rule_files: BTreeMap<String, Vec<VersionFile<'_>>> = BTreeMap::new();
    let mut case_files = Vec::new();
    let total: usize = files.values().map(String::len).sum();
    if total as u64 > files::MAX_PACK_BYTES || files.len() > files::MAX_PACK_FILES {
        problems.push(Problem::new(
            ProblemCode::TooLarge,
            Location::file("(pack)"),
            format!(
                "{} files of {total} bytes: a pack holds at most {} files of {} bytes together",
                files.len(),
                files::MAX_PACK_FILES,
                files::MAX_PACK_BYTES
            ),
        ));
        problems.sort();
        return Err(problems);
    }
    for (path, text) in files {
        if text.len() as u64 > files::MAX_FILE_BYTES {
            problems.push(Problem::new(
                ProblemCode::TooLarge,
                Location::file(path),
                format!(
                    "{} bytes: a file of a pack holds at most {}",
                    text.len(),
                    files::MAX_FILE_BYTES
                ),
            ));
            continue;
        }
        match classify(path) {
            Kind::Parameters => parameters = Some(ParameterTable::parse(path, text, manifest, &mut problems)),
            Kind::Reasons => reasons = Some(Reasons::parse(path, text, &mut problems)),
            Kind::Calendar(code) => match HolidayCalendar::read_toml(code, text) {
                Ok(calendar) => drop(calendars.insert(code.to_owned(), calendar)),
                Err((e, at)) => problems.push(Problem::new(ProblemCode::Calendar, Location::at_offset(path, text, at), e.to_string())),
            },
            Kind::Rule { id, from } => rule_files.entry(id).or_default().push(VersionFile { from, path, text }),
            Kind::Cases { id } => case_files.push((id, path, text)),
            Kind::Unexpected => problems.push(Problem::new(ProblemCode::UnexpectedFile, Location::file(path), "unexpected file: a pack holds parameters.toml, reasons.toml, calendars/*.toml, <area>/<rule>.rhai and <area>/<rule>.cases.toml".into())),
        }
    }
    for (name, found) in [
        ("parameters.toml", parameters.is_some()),
        ("reasons.toml", reasons.is_some()),
    ] {
        if !found {
            problems.push(Problem::new(
                ProblemCode::MissingFile,
                Location::file(name),
                "missing file".into(),
            ));
        }
    }
    if let Some(reasons) = &reasons {
        for area in manifest.areas {
            for code in area
                .reasons
                .iter()
                .filter(|code| reasons.get(code).is_none())
            {
                problems.push(Problem::new(
                    ProblemCode::MissingReason,
                    Location::file("reasons.toml"),
                    format!("missing reason `{code}`: {} gives it", area.machine()),
                ));
            }
        }
    }
    let parameters = parameters.unwrap_or_default();
    let reasons = reasons.unwrap_or_default();

    let mut rules = ByName::default();
    let checks = Checks {
        manifest,
        reasons: &reasons,
        parameters: &parameters,
        registered: registered(manifest),
    };
    for spec in manifest.rules() {
        let versions = rule_files.remove(spec.id).unwrap_or_default();
        if versions.is_empty() {
            problems.push(Problem::new(
                ProblemCode::MissingRule,
                Location::file(&format!("{}.rhai", spec.id)),
                format!(
                    "missing rule `{}`: it must define `{}` returning {}",
                    spec.id,
                    spec.signature(),
                    spec.returns()
                ),
            ));
        }
        let mut compiled = Vec::new();
        for file in versions {
            if let Some(version) = checks.compile_version(spec, &file, &mut problems) {
                compiled.push(version);
            }
        }
        compiled.sort_by_key(|v| v.from);
        rules.insert(spec.id, compiled);
    }
    for (id, versions) in rule_files {
        for VersionFile { path, .. } in versions {
            let known = manifest
                .rules()
                .map(|s| s.id)
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(Problem::new(
                ProblemCode::UnknownRule,
                Location::file(path),
                format!("unknown rule `{id}` (the crate calls: {known})"),
            ));
        }
    }
    let mut cases = Vec::new();
    for (id, path, text) in case_files {
        match manifest.rule(&id) {
            None => problems.push(Problem::new(
                ProblemCode::UnknownRule,
                Location::file(path),
                format!("test cases for unknown rule `{id}`"),
            )),
            Some(spec) => cases.extend(CaseSet::parse(spec, path, text, &mut problems)),
        }
    }
    if !problems.is_empty() {
        return Err(with_sources(problems, files));
    }
    static LOADS: AtomicU64 = AtomicU64::new(0);
    Ok(Pack {
        id: LOADS.fetch_add(1, Ordering::Relaxed),
        manifest,
        declared: manifest.parameters().map(|p| (p.name, *p)).collect(),
        rules,
        parameters,
        reasons,
        calendars,
        cases,
        hash: hash(files),
    })
}

/// `problems`, sorted, each with the text of its file (one shared copy per file) for a
/// diagnostic to show the line.
fn with_sources(mut problems: Vec<Problem>, files: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut sources: BTreeMap<&str, SourceText> = BTreeMap::new();
    for problem in &mut problems {
        let file = problem.location.file.as_str();
        if let Some((path, text)) = files.get_key_value(file) {
            let source = sources
                .entry(path)
                .or_insert_with(|| SourceText::new(path, text));
            problem.text = Some(source.clone());
        }
    }
    problems.sort();
    problems
}

/// What a rule file is checked against: the manifest and the pack's catalogues.
struct Checks<'a> {
    manifest: &'static Manifest,
    reasons: &'a Reasons,
    parameters: &'a ParameterTable,
    /// The functions the sandbox registers, by name, with the arities each takes.
    registered: Registered,
}

type Registered = Rc<BTreeMap<String, BTreeSet<usize>>>;

thread_local! {
    // Read from the engine once per thread and manifest, like the engine itself.
    static REGISTERED: RefCell<Vec<(&'static Manifest, Registered)>> = const { RefCell::new(Vec::new()) };
}

/// The functions the sandbox registers for `manifest`: name and arities.
fn registered(manifest: &'static Manifest) -> Registered {
    REGISTERED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, found)) = cache.iter().find(|(m, _)| std::ptr::eq(*m, manifest)) {
            return Rc::clone(found);
        }
        let found = Rc::new(read_signatures(manifest));
        cache.push((manifest, Rc::clone(&found)));
        found
    })
}

/// Names and arities from the sandbox's signatures (`add_days(d: Date, n: i64) -> Date`).
fn read_signatures(manifest: &'static Manifest) -> BTreeMap<String, BTreeSet<usize>> {
    let mut functions: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for signature in sandbox::signatures(manifest) {
        let Some((name, rest)) = signature.split_once('(') else {
            continue;
        };
        let mut depth = 0_i32;
        let mut commas = 0;
        let mut empty = true;
        for c in rest.chars() {
            match c {
                '<' | '(' | '[' => depth += 1,
                '>' | ']' => depth -= 1,
                ')' if depth == 0 => break,
                ')' => depth -= 1,
                ',' if depth == 0 => commas += 1,
                c if !c.is_whitespace() => empty = false,
                _ => {}
            }
        }
        let arity = if empty { 0 } else { commas + 1 };
        functions.entry(name.to_owned()).or_default().insert(arity);
    }
    functions
}

impl Checks<'_> {
    fn compile_version(
        &self,
        spec: &RuleSpec,
        &VersionFile { from, path, text }: &VersionFile<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<RuleVersion> {
        let from = match from.map(str::parse::<NaiveDate>) {
            None => None,
            Some(Ok(date)) => Some(date),
            Some(Err(_)) => {
                problems.push(Problem::new(
                    ProblemCode::VersionName,
                    Location::file(path),
                    "a dated rule version is named `<rule>@YYYY-MM-DD.rhai`".into(),
                ));
                return None;
            }
        };
        let mut ast = match sandbox::compile(self.manifest, text) {
            Ok(ast) => ast,
            Err(e) => {
                problems.push(Problem::new(
                    ProblemCode::Syntax,
                    Location::from_rhai(path, e.1),
                    format!("syntax error: {}", e.0),
                ));
                return None;
            }
        };
        ast.set_source(path);
        let before = problems.len();
        let at = |offset: usize| Location::at_offset(path, text, offset);
        let header: String = text
            .lines()
            .take_while(|l| l.trim_start().starts_with("//"))
            .collect();
        for clause in spec.clauses.iter().filter(|c| !header.contains(c.id())) {
            problems.push(Problem::new(
                ProblemCode::HeaderClause,
                at(0),
                format!("the header comment must cite {clause}, the promise this rule serves"),
            ));
        }
        let arity = 2;
        let mut views = BTreeSet::new();
        let mut facts = BTreeSet::new();
        let mut exceptions = Vec::new();
        let mut functions = BTreeMap::new();
        let mut entry_found = false;
        let mut defined: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for f in ast.iter_functions() {
            let location = at(definition(text, f.name).unwrap_or(0));
            functions.insert(f.name.to_owned(), location.clone());
            defined
                .entry(f.name.to_owned())
                .or_default()
                .push(f.params.len());
            if f.params.len() > sandbox::MAX_PARAMETERS {
                problems.push(Problem::new(
                    ProblemCode::Arity,
                    location.clone(),
                    format!(
                        "`fn {}` takes {} parameters; a rule's function takes at most {}",
                        f.name,
                        f.params.len(),
                        sandbox::MAX_PARAMETERS
                    ),
                ));
            }
            let is_exception = f.name.starts_with(EXCEPTION_PREFIX);
            if f.name != spec.entry && !is_exception {
                continue;
            }
            let label = f.name.trim_start_matches(EXCEPTION_PREFIX);
            if is_exception && !is_label(label) {
                problems.push(Problem::new(ProblemCode::ExceptionLabel, location.clone(), format!(
                        "`fn {}`: an exception is `fn exception_<label>`, the label in lowercase letters, digits and `_`, naming the circumstance it answers for",
                        f.name
                    )));
                continue;
            }
            if f.params.len() != arity {
                problems.push(Problem::new(
                    ProblemCode::Arity,
                    location,
                    format!(
                        "`fn {}` takes {} parameters; it must take {arity} ({}, params)",
                        f.name,
                        f.params.len(),
                        spec.input
                    ),
                ));
                continue;
            }
            views.extend(f.params.last().map(|p| p.to_string()));
            facts.extend(f.params.first().map(|p| p.to_string()));
            if is_exception {
                exceptions.push(label.to_owned());
            } else {
                entry_found = true;
            }
        }
        for (name, arities) in defined.iter().filter(|(_, a)| a.len() > 1) {
            problems.push(Problem::new(
                ProblemCode::DefinedTwice,
                functions.get(name).cloned().unwrap_or_else(|| at(0)),
                format!(
                    "`fn {name}` is defined {} times: a rule's functions have one definition each",
                    arities.len()
                ),
            ));
        }
        if !entry_found {
            problems.push(Problem::new(
                ProblemCode::MissingEntry,
                at(0),
                format!(
                    "missing entry point `{}` returning {}",
                    spec.signature(),
                    spec.returns()
                ),
            ));
        }
        self.check_literals(&ast, path, spec, (&facts, &views), problems);
        self.check_calls(&ast, path, &defined, problems);
        exceptions.sort();
        exceptions.dedup();
        let returns = defined
            .iter()
            .filter_map(|(name, arities)| {
                let f = ast.shared_lib().get_script_fn(name, *arities.first()?)?;
                let end = f.body.end_position();
                Some((name.clone(), Location::from_rhai(path, end)))
            })
            .collect();
        let reads = self.reads(&ast, spec, (&facts, &views));
        (problems.len() == before).then(|| RuleVersion {
            from,
            id: spec.id.into(),
            file: path.into(),
            source: SourceText::new(path, text),
            ast,
            exceptions: exceptions.iter().map(|l| l.as_str().into()).collect(),
            functions,
            returns,
            reads,
        })
    }

    /// What the version reads, when every use of its facts and parameters is a read by a
    /// literal name (`change.kind`, `params.notice_days`, `params["claim.mep_days"]`); none
    /// when one is read by a computed name or handed to another expression whole.
    fn reads(
        &self,
        ast: &AST,
        spec: &RuleSpec,
        (facts, views): (&BTreeSet<String>, &BTreeSet<String>),
    ) -> Option<Reads> {
        let mut read_facts = BTreeSet::new();
        let mut read_params = BTreeSet::new();
        let mut pure = true;
        ast.walk(&mut |nodes: &[ASTNode]| {
            let Some(ASTNode::Expr(Expr::Variable(var, _, _))) = nodes.last() else {
                return true;
            };
            let var = var.1.as_str();
            let (is_fact, is_view) = (facts.contains(var), views.contains(var));
            if !is_fact && !is_view {
                return true;
            }
            let parent = nodes.len().checked_sub(2).and_then(|i| nodes.get(i));
            let name = match parent {
                Some(ASTNode::Expr(Expr::Dot(x, _, _) | Expr::Index(x, _, _)))
                    if matches!(&x.lhs, Expr::Variable(v, _, _) if v.1.as_str() == var) =>
                {
                    first_name(&x.rhs)
                }
                _ => None,
            };
            match name {
                Some(name) if is_fact => match spec.fact(name) {
                    Some(fact) => drop(read_facts.insert(fact.name)),
                    None => pure = false,
                },
                Some(name) => {
                    let own = format!("{}.{name}", spec.area());
                    match [own.as_str(), name].into_iter().find(|n| self.parameters.get(n).is_some()) {
                        Some(full) => drop(read_params.insert(full.to_owned())),
                        None => pure = false,
                    }
                }
                None => pure = false,
            }
            true
        });
        read_facts.extend(spec.circumstance().map(|fact| fact.name));
        pure.then(|| Reads {
            facts: read_facts.into_iter().collect(),
            params: read_params.into_iter().collect(),
        })
    }

    /// Checks that every call can succeed — the function is defined in the file or
    /// registered by the crate, with that number of arguments — and that no array or map
    /// is written (rules have no use for them, and they are what grows without bound).
    fn check_calls(
        &self,
        ast: &AST,
        path: &str,
        defined: &BTreeMap<String, Vec<usize>>,
        problems: &mut Vec<Problem>,
    ) {
        ast.walk(&mut |nodes: &[ASTNode]| {
            let Some(node) = nodes.last() else { return true };
            let (call, arity) = match node {
                ASTNode::Expr(Expr::FnCall(call, _)) | ASTNode::Stmt(Stmt::FnCall(call, _)) => {
                    (call, call.args.len())
                }
                ASTNode::Expr(Expr::MethodCall(call, _)) => (call, call.args.len() + 1),
                ASTNode::Expr(Expr::Array(..) | Expr::Map(..)) => {
                    problems.push(Problem::new(ProblemCode::ArrayOrMap, Location::from_rhai(path, node.position()), "arrays and object maps are not available to rules: a rule reads its facts and parameters and answers".into()));
                    return true;
                }
                ASTNode::Expr(Expr::DynamicConstant(value, _)) if value.is_array() || value.is_map() => {
                    problems.push(Problem::new(ProblemCode::ArrayOrMap, Location::from_rhai(path, node.position()), "arrays and object maps are not available to rules: a rule reads its facts and parameters and answers".into()));
                    return true;
                }
                _ => return true,
            };
            let name = call.name.as_str();
            let operator = call.op_token.is_some()
                || !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            if operator {
                return true;
            }
            let in_file = defined.get(name).into_iter().flatten();
            let registered = self.registered.get(name).into_iter().flatten();
            let arities: BTreeSet<usize> = in_file.chain(registered).copied().collect();
            if arities.contains(&arity) {
                return true;
            }
            let location = Location::from_rhai(path, call_position(nodes));
            problems.push(if arities.is_empty() {
                let known = defined.keys().chain(self.registered.keys()).map(String::as_str);
                Problem::new(ProblemCode::UnknownFunction, location, format!("unknown function `{name}`: neither defined in this file nor given to rules"))
                    .help(did_you_mean(name, known))
            } else {
                let takes: Vec<String> = arities.iter().map(ToString::to_string).collect();
                Problem::new(ProblemCode::CallArity, location, format!(
                    "`{name}` is called with {arity} argument{} but takes {}",
                    if arity == 1 { "" } else { "s" },
                    takes.join(" or ")
                ))
            });
            true
        });
    }

    /// Checks what can be known before running: reason codes given as literals, answers built
    /// with another rule's constructor, facts read as `change.kind`, and parameters read as
    /// `params.name` or `params["area.name"]`.
    fn check_literals(
        &self,
        ast: &AST,
        path: &str,
        spec: &RuleSpec,
        (facts, views): (&BTreeSet<String>, &BTreeSet<String>),
        problems: &mut Vec<Problem>,
    ) {
        let (reasons, parameters) = (self.reasons, self.parameters);
        let constructors = self.manifest.constructors();
        ast.walk(&mut |nodes: &[ASTNode]| {
        let call: Option<&FnCallExpr> = match nodes.last() {
            Some(ASTNode::Expr(Expr::FnCall(call, _)) | ASTNode::Stmt(Stmt::FnCall(call, _))) => Some(call),
            _ => None,
        };
        match (call, nodes.last()) {
            (Some(call), _) => {
                let is_answer = constructors.iter().any(|c| c.name == call.name.as_str());
                if is_answer && spec.constructor(&call.name).is_none() {
                    let own: Vec<String> = spec.answers.iter().map(ToString::to_string).collect();
                    problems.push(Problem::new(ProblemCode::ForeignConstructor, Location::from_rhai(path, call_position(nodes)), format!("`{}` does not answer `{}` (it answers {})", call.name, spec.id, own.join(", "))));
                }
                if let Some(Expr::StringConstant(code, at)) = call.args.last().filter(|_| is_answer)
                    && reasons.get(code).is_none()
                {
                    problems.push(Problem::new(ProblemCode::UnknownReason, Location::from_rhai(path, *at), format!("unknown reason code `{code}` (add it to reasons.toml)")).help(Some(reasons.help_for(code))));
                }
            }
            (None, Some(ASTNode::Expr(Expr::Dot(x, _, _) | Expr::Index(x, _, _)))) => {
                let (Expr::Variable(var, _, _), name) = (&x.lhs, &x.rhs) else { return true };
                let (name, at) = match name {
                    Expr::Property(p, at) => (p.2.as_str(), *at),
                    Expr::StringConstant(s, at) => (s.as_str(), *at),
                    _ => return true,
                };
                let own = format!("{}.{name}", spec.area());
                let var = var.1.as_str();
                if views.contains(var) && parameters.get(&own).is_none() && parameters.get(name).is_none() {
                    let area = format!("{}.", spec.area());
                    let known = parameters.iter().filter_map(|p| p.name.strip_prefix(&area));
                    problems.push(Problem::new(ProblemCode::UnknownParameter, Location::from_rhai(path, at), format!("unknown parameter `{name}` (looked for `{own}` and `{name}` in parameters.toml)")).help(did_you_mean(name, known)));
                }
                if facts.contains(var) && spec.fact(name).is_none() {
                    let known: Vec<&str> = spec.facts.iter().map(|f| f.name).collect();
                    problems.push(Problem::new(ProblemCode::UnknownFact, Location::from_rhai(path, at), format!("unknown fact `{var}.{name}` (this rule sees: {})", known.join(", "))).help(did_you_mean(name, known.iter().copied())));
                }
            }
            _ => {}
        }
        true
    });
    }
}

/// The name a property chain starts with: `kind` in `change.kind` or `change.kind.len()`,
/// `claim.mep_days` in `params["claim.mep_days"]`; none for a computed name.
fn first_name(rhs: &Expr) -> Option<&str> {
    match rhs {
        Expr::Property(p, _) => Some(p.2.as_str()),
        Expr::StringConstant(s, _) => Some(s.as_str()),
        Expr::Dot(x, _, _) | Expr::Index(x, _, _) => first_name(&x.lhs),
        _ => None,
    }
}

/// Whether `label` can follow `exception_`: lowercase letters, digits and `_`, not empty.
fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The byte offset of `fn name(` in `text`, outside line comments.
fn definition(text: &str, name: &str) -> Option<usize> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices("fn").map(|(i, _)| i).find(|&i| {
        let before = text.get(..i).unwrap_or_default();
        let line = before.rsplit('\n').next().unwrap_or_default();
        let rest = text.get(i + 2..).unwrap_or_default();
        !before.ends_with(ident)
            && !line.contains("//")
            && rest.starts_with(char::is_whitespace)
            && rest.trim_start().strip_prefix(name).is_some_and(|after| {
                !after.starts_with(ident) && after.trim_start().starts_with('(')
            })
    })
}

/// Where the call at the end of `nodes` stands in its file.
fn call_position(nodes: &[ASTNode]) -> rhai::Position {
    nodes.last().map_or(rhai::Position::NONE, ASTNode::position)
}

fn hash(files: &BTreeMap<String, String>) -> PackHash {
    let mut hasher = Sha256::new();
    for (path, text) in files {
        // Length prefixes keep (path, text) boundaries unambiguous.
        for part in [path.as_bytes(), text.as_bytes()] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    PackHash(
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
            .into(),
    )
}
