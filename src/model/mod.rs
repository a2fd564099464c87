//! Stage 3 — model: the typed catalogue (cards, contexts, assumption registry).

pub mod catalogue;
pub mod format;
pub mod reference;
pub mod registry;
pub mod release;
pub mod schema;

pub use catalogue::{
    Answer, Assessment, AssessmentDetail, Card, Catalogue, Context, ContextSource, Origin, Verdict,
    Verdicts,
};
pub use registry::{Assumption, AssumptionKind, Category, Registry};
