//! The execution layer: the evaluator, frame objects, generators and import.

pub mod eval;
pub mod frame_object;
pub mod generator;
pub mod genexp;
pub mod import;
