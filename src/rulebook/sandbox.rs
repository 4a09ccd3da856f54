//! The one sandbox every rule runs in. Every limit is set here and only here.
//!
//! A raw engine (no standard library, no `print`, no clock, no `sleep`, no file system)
//! plus only the packages rules need (arithmetic, comparisons, `min`/`max`, Decimal
//! rounding) and the bindings of one manifest. Rules get a budget of operations, call depth,
//! expression depth and data sizes, and a wall-clock guard; a hostile script ends with a
//! typed error, never a hang, a panic or unbounded memory.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

use rhai::packages::{ArithmeticPackage, BasicMathPackage, LogicPackage, Package};
use rhai::{AST, CallFnOptions, Dynamic, Engine, EvalAltResult, Scope};

use super::bindings;
use super::manifest::Manifest;

/// Operations one rule evaluation may take: rules measure 10–100, so an endless loop stops
/// within a few milliseconds.
pub(crate) const MAX_OPERATIONS: u64 = 100_000;
/// Nested function calls (recursion) one evaluation may make.
pub(crate) const MAX_CALL_LEVELS: usize = 32;
/// Wall-clock time one evaluation may take, checked every [`GUARD_EVERY`] operations.
pub(crate) const WALL_CLOCK: Duration = Duration::from_millis(250);
const GUARD_EVERY: u64 = 256;

fn build(manifest: &'static Manifest) -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(ArithmeticPackage::new().as_shared_module());
    engine.register_global_module(LogicPackage::new().as_shared_module());
    engine.register_global_module(BasicMathPackage::new().as_shared_module());
    engine
        .set_max_operations(MAX_OPERATIONS)
        .set_max_call_levels(MAX_CALL_LEVELS)
        .set_max_expr_depths(64, 32)
        .set_max_string_size(4_096)
        .set_max_array_size(10_000)
        .set_max_map_size(256)
        .set_max_variables(256)
        .set_max_functions(256)
        .set_strict_variables(true)
        .set_fail_on_invalid_map_property(true)
        .set_allow_anonymous_fn(false)
        .set_allow_shadowing(false);
    engine.disable_symbol("eval");
    engine.on_progress(|operations| {
        if operations % GUARD_EVERY != 0 {
            return None;
        }
        let expired = DEADLINE.with(|d| d.get().is_some_and(|deadline| Instant::now() > deadline));
        expired.then(|| Dynamic::from("wall-clock guard"))
    });
    bindings::register(&mut engine, manifest);
    engine
}

thread_local! {
    // One engine per thread and manifest: rhai's own advice, and measured to scale better
    // than a shared one. A process has one manifest or a few, so a list is enough.
    static ENGINES: RefCell<Vec<(&'static Manifest, Rc<Engine>)>> = const { RefCell::new(Vec::new()) };
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// This thread's engine for `manifest`, built on first use.
fn engine(manifest: &'static Manifest) -> Rc<Engine> {
    ENGINES.with(|engines| {
        let mut engines = engines.borrow_mut();
        if let Some((_, engine)) = engines.iter().find(|(m, _)| std::ptr::eq(*m, manifest)) {
            return Rc::clone(engine);
        }
        let engine = Rc::new(build(manifest));
        engines.push((manifest, Rc::clone(&engine)));
        engine
    })
}

/// Compiles a rule file in the sandbox profile.
pub(crate) fn compile(manifest: &'static Manifest, source: &str) -> Result<AST, rhai::ParseError> {
    engine(manifest).compile(source)
}

/// Calls `name` in `ast` with `args`, under the operation budget and the wall-clock guard.
pub(crate) fn call(
    manifest: &'static Manifest,
    ast: &AST,
    name: &str,
    args: Vec<Dynamic>,
) -> Result<Dynamic, Box<EvalAltResult>> {
    let engine = engine(manifest);
    DEADLINE.with(|d| d.set(Instant::now().checked_add(WALL_CLOCK)));
    let options = CallFnOptions::new().eval_ast(false).rewind_scope(true);
    let result =
        engine.call_fn_with_options::<Dynamic>(options, &mut Scope::new(), ast, name, args);
    DEADLINE.with(|d| d.set(None));
    result
}
