use crate::machine::step_errors;

step_errors! {
    /// Why a communication event was rejected. The aggregate is unchanged.
    pub enum CommunicationError {
        /// The event does not fit the aggregate's status.
        #[error("cannot apply `{event}` to {what}")]
        EventNotAllowed {
            /// The aggregate and its status, in words.
            what: String,
            /// The event's name.
            event: &'static str,
        },
        /// A feedback score outside 1–5.
        #[error("feedback score `{score}` is outside 1–5")]
        InvalidScore {
            /// The score given.
            score: u8,
        },
    }
}
