//! The one sandbox every rule runs in. Every limit is set here and only here.
//!
//! A raw engine (no standard library, no `print`, no clock, no `sleep`, no file system)
//! plus only the packages rules need (arithmetic, comparisons, `min`/`max`, Decimal
//! rounding) and the bindings of one manifest.
//!
//! Limits that decide a result are deterministic: one operation budget for a whole rule
//! evaluation (every exception and the base rule together), call depth, expression depth,
//! variables, functions, parameters and string size. Arrays and object maps cannot be
//! written in a rule at all (the loader refuses their literals, and nothing registered
//! returns one), so the only value that grows is a string, and no operation costs more
//! than copying one. The wall clock is only a fuse, [`FUSE`], far above the slowest
//! evaluation the limits allow (`DESIGN.md`, "Why one budget per evaluation?", states the
//! margin and `examples/hostile_stress.rs` shows it): a rule that passes the limits gives the
//! same answer on an idle and a loaded machine.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

use rhai::debugger::{DebuggerCommand, DebuggerEvent};
use rhai::packages::{ArithmeticPackage, BasicMathPackage, LogicPackage, Package};
use rhai::{AST, CallFnOptions, Dynamic, Engine, EvalAltResult, Scope};

use super::bindings;
use super::manifest::Manifest;

/// Operations one rule evaluation may take, its exceptions and base rule together: the
/// default rules measure 10–100, and the costliest operation the limits allow (a call with
/// eight arguments) makes a whole budget take about 15–20 ms.
pub const MAX_OPERATIONS: u64 = 20_000;
/// Nested function calls (recursion) one evaluation may make.
pub const MAX_CALL_LEVELS: usize = 32;
/// Bytes one string may hold; the only value that can grow.
pub const MAX_STRING_BYTES: usize = 4_096;
/// Variables alive at once, over every call frame of an evaluation.
pub const MAX_VARIABLES: usize = 64;
/// Functions one rule file may define.
pub const MAX_FUNCTIONS: usize = 64;
/// Parameters one function may take (checked at load).
pub const MAX_PARAMETERS: usize = 8;
/// Nesting of expressions, at top level and inside functions.
pub const MAX_EXPR_DEPTH: (usize, usize) = (64, 32);
/// The wall-clock fuse for one evaluation: never reached by a rule within the limits above
/// (the slowest measures a few milliseconds), so it cannot decide a result; it is there in
/// case a limit is ever missed.
pub const FUSE: Duration = Duration::from_secs(2);
/// How often the fuse is looked at, in operations (an operation is bounded by the limits).
const FUSE_EVERY: u64 = 128;

/// What the progress callback ends a script with, read back by [`Stop::of`].
const BUDGET_SPENT: &str = "budget";
const FUSE_BLOWN: &str = "fuse";

/// Why the sandbox stopped a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The evaluation's operation budget is spent.
    Budget,
    /// The wall-clock fuse blew.
    Fuse,
}

impl Stop {
    /// The stop behind a rhai `ErrorTerminated` token, if the sandbox raised it.
    pub(crate) fn of(token: &Dynamic) -> Option<Stop> {
        match token.clone().into_immutable_string().ok()?.as_str() {
            BUDGET_SPENT => Some(Stop::Budget),
            FUSE_BLOWN => Some(Stop::Fuse),
            _ => None,
        }
    }
}

fn build(manifest: &'static Manifest, diagnose: bool) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(ArithmeticPackage::new().as_shared_module());
    engine.register_global_module(LogicPackage::new().as_shared_module());
    engine.register_global_module(BasicMathPackage::new().as_shared_module());
    engine
        // A backstop for one call; the evaluation's budget is kept by `progress`.
        .set_max_operations(MAX_OPERATIONS)
        .set_max_call_levels(MAX_CALL_LEVELS)
        .set_max_expr_depths(MAX_EXPR_DEPTH.0, MAX_EXPR_DEPTH.1)
        .set_max_string_size(MAX_STRING_BYTES)
        // Backstops: the loader refuses array and map literals.
        .set_max_array_size(16)
        .set_max_map_size(16)
        .set_max_variables(MAX_VARIABLES)
        .set_max_functions(MAX_FUNCTIONS)
        .set_strict_variables(true)
        .set_fail_on_invalid_map_property(true)
        .set_allow_anonymous_fn(false)
        .set_allow_shadowing(false);
    engine.disable_symbol("eval");
    engine.on_progress(progress);
    if diagnose {
        // Steps through every statement and expression, keeping the position of the last:
        // where a limit stopped the script (rhai reports those at the outermost call).
        #[expect(
            deprecated,
            reason = "rhai marks the debugger API volatile, not deprecated"
        )]
        engine.register_debugger(
            |_, debugger| debugger,
            |_, event, _, _, position| {
                let step = matches!(event, DebuggerEvent::Step);
                if let (true, Some(line), Some(column)) =
                    (step, position.line(), position.position())
                {
                    LAST_POSITION.set((line, column));
                }
                Ok(DebuggerCommand::StepInto)
            },
        );
    }
    bindings::register(&mut engine, manifest);
    engine
}

/// Called by rhai on every operation with the count of the current call.
fn progress(operations: u64) -> Option<Dynamic> {
    let Budget {
        spent, deadline, ..
    } = BUDGET.get();
    BUDGET.set(Budget {
        spent,
        current: operations,
        deadline,
    });
    if spent.saturating_add(operations) > MAX_OPERATIONS {
        return Some(Dynamic::from(BUDGET_SPENT));
    }
    let blown = operations.is_multiple_of(FUSE_EVERY)
        && deadline.is_some_and(|deadline| Instant::now() > deadline);
    blown.then(|| Dynamic::from(FUSE_BLOWN))
}

/// The operations of this thread's evaluation: spent by finished calls, and counted so far
/// in the current one.
#[derive(Debug, Clone, Copy)]
struct Budget {
    spent: u64,
    current: u64,
    deadline: Option<Instant>,
}

thread_local! {
    // One engine per thread and manifest: rhai's own advice, and measured to scale better
    // than a shared one. A process has one manifest or a few, so a list is enough.
    static ENGINES: RefCell<Vec<(&'static Manifest, bool, Rc<Engine>)>> = const { RefCell::new(Vec::new()) };
    static LAST_POSITION: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    static BUDGET: Cell<Budget> = const { Cell::new(Budget { spent: 0, current: 0, deadline: None }) };
}

/// This thread's engine for `manifest` (the diagnosing one when `diagnose`), built on first
/// use.
fn engine(manifest: &'static Manifest, diagnose: bool) -> Rc<Engine> {
    ENGINES.with(|engines| {
        let mut engines = engines.borrow_mut();
        let found = engines
            .iter()
            .find(|(m, d, _)| std::ptr::eq(*m, manifest) && *d == diagnose);
        if let Some((.., engine)) = found {
            return Rc::clone(engine);
        }
        let engine = Rc::new(build(manifest, diagnose));
        engines.push((manifest, diagnose, Rc::clone(&engine)));
        engine
    })
}

/// Compiles a rule file in the sandbox profile.
pub(crate) fn compile(manifest: &'static Manifest, source: &str) -> Result<AST, rhai::ParseError> {
    engine(manifest, false).compile(source)
}

/// The signatures the sandbox registers (`name(a: T, b: U) -> R`), for the loader to check
/// calls against.
pub(crate) fn signatures(manifest: &'static Manifest) -> Vec<String> {
    engine(manifest, false).gen_fn_signatures(false)
}

/// One rule evaluation: every call made through it shares one operation budget and one
/// fuse. Dropping it ends the evaluation.
#[derive(Debug)]
pub(crate) struct Evaluation {
    manifest: &'static Manifest,
    diagnose: bool,
}

impl Evaluation {
    /// Starts an evaluation on this thread, with the whole budget. A diagnosing evaluation
    /// runs the same, step by step, to find where a limit stopped it ([`last_position`]);
    /// the limits are deterministic, so it stops at the same place.
    pub(crate) fn start(manifest: &'static Manifest, diagnose: bool) -> Evaluation {
        BUDGET.set(Budget {
            spent: 0,
            current: 0,
            deadline: Instant::now().checked_add(FUSE),
        });
        LAST_POSITION.set((0, 0));
        Evaluation { manifest, diagnose }
    }

    /// Calls `name` in `ast` with `args`, on what is left of the budget.
    pub(crate) fn call(
        &self,
        ast: &AST,
        name: &str,
        args: [Dynamic; 2],
    ) -> Result<Dynamic, Box<EvalAltResult>> {
        let engine = engine(self.manifest, self.diagnose);
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
        let result =
            engine.call_fn_with_options::<Dynamic>(options, &mut Scope::new(), ast, name, args);
        let budget = BUDGET.get();
        BUDGET.set(Budget {
            spent: budget.spent.saturating_add(budget.current),
            current: 0,
            ..budget
        });
        result
    }
}

/// Line and column of the last expression a diagnosing evaluation on this thread reached.
pub(crate) fn last_position() -> (usize, usize) {
    LAST_POSITION.get()
}

impl Drop for Evaluation {
    fn drop(&mut self) {
        BUDGET.set(Budget {
            spent: 0,
            current: 0,
            deadline: None,
        });
    }
}
