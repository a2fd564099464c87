//! The last word as a prefix: "diag" finds "diagnosis" while typing.

use super::Engine;
use crate::schema::TOKENIZER;
use tantivy::Term;

impl Engine {
    /// Lower-cased, un-stemmed last word when the query ends in a plain word
    /// (so "diag" finds "diagnosis" while typing).
    pub(crate) fn prefix_of(query: &str) -> Option<String> {
        if query.ends_with(char::is_whitespace) || query.matches('"').count() % 2 == 1 {
            return None;
        }
        let last = query.split_whitespace().last()?;
        if last.contains([':', '"', '*', '(', ')', '[', ']', '^', '~'])
            || last.starts_with(['-', '+'])
        {
            return None;
        }
        let word: String = last
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        (word.chars().count() >= 2).then_some(word)
    }

    /// Whether `word`, as the tokenizer indexes it, is a term of a main
    /// field: then the reader has typed a whole word and prefix expansion
    /// (the costly part of a query) is skipped.
    pub(crate) fn is_known_word(&self, word: &str) -> bool {
        let Some(mut analyzer) = self.index.tokenizers().get(TOKENIZER) else {
            return false;
        };
        let mut stream = analyzer.token_stream(word);
        let Some(token) = stream.next().map(|t| t.text.clone()) else {
            return false;
        };
        let searcher = self.reader.searcher();
        searcher
            .doc_freq(&Term::from_field_text(self.fields.all, &token))
            .unwrap_or(0)
            > 0
    }

    /// The last word, when the query expands it as a prefix.
    pub(crate) fn expanded_prefix(&self, query: &str) -> Option<String> {
        Self::prefix_of(query).filter(|p| !self.is_known_word(p))
    }
}
