//! The index schema and tokenizer, shared by writer and readers.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use tantivy::Index;
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// Bumped whenever the schema, the tokenizer or the way the index is cut
/// into chunks changes (part of file names). 10: the fast-field file in
/// larger chunks.
pub const SCHEMA_VERSION: u32 = 10;
/// English text: lower-cased, ASCII-folded, stemmed.
pub const TOKENIZER: &str = "cardsite_en";

/// One searchable document: a card or a content page.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Doc {
    /// Site-relative URL, e.g. `benchmarks/medqa/`.
    pub url: String,
    pub kind: String,
    pub title: String,
    /// The benchmark's own name (may differ from the title).
    pub name: String,
    /// Short text shown under a result; highlighted.
    pub excerpt: String,
    /// Every designer answer.
    pub answers: String,
    /// Every verdict reason.
    pub reasons: String,
    pub citation: String,
    pub tags: Vec<String>,
    pub domains: Vec<String>,
    /// Any other text (content pages' bodies).
    pub body: String,
    /// Exact keys (slug, lower-cased name): a query equal to one ranks first.
    pub keys: Vec<String>,
    /// Facet paths, e.g. `/domain/Healthcare`, `/tag/qa`,
    /// `/verdict/<context>:<assumption>/no`.
    pub facets: Vec<String>,
    /// The card's verdict strip, stored for the results list (not
    /// searched): one `<context>=<cells>` per assessed context, separated
    /// by spaces, one cell per assumption in the registry's order: `y`
    /// holds, `p` partially, `n` does not, `u` unknown, `-` not assessed.
    pub strip: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub url: Field,
    pub kind: Field,
    pub title: Field,
    pub name: Field,
    pub excerpt: Field,
    pub answers: Field,
    pub reasons: Field,
    pub citation: Field,
    pub tags: Field,
    pub domains: Field,
    pub body: Field,
    pub facets: Field,
    pub keys: Field,
    pub strip: Field,
    /// Every text field of the document in one (what a plain query
    /// searches, so a word costs one posting list, not nine).
    pub all: Field,
}

impl Fields {
    /// Fields a plain query searches, with their boosts: every word is
    /// looked up in `all`, and a title match outranks a passing mention.
    /// (Each field adds a posting list per word to every query; nine
    /// fields made two-word queries at 10,000 cards four times slower.)
    pub fn weighted(&self) -> [(Field, f32); 2] {
        [(self.title, 4.0), (self.all, 1.0)]
    }
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Positions (for phrases) only where plain queries look: `title` and
    // `all`. The other fields serve `field:word` queries and highlighting,
    // and without positions the index is a third smaller.
    //
    // Field-length norms (one byte per document and field, read whole by
    // every query that scores the field) only for the two fields plain
    // queries score, `title` and `all`: a `field:word` query on another
    // field scores by term frequency alone, and a query no longer fetches
    // the norms of the fields it only looks up (`keys`, `excerpt`).
    let text = |stored: bool, scored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_fieldnorms(scored)
                .set_index_option(if scored {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                }),
        );
        if stored { o.set_stored() } else { o }
    };
    let raw = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_fieldnorms(false)
                .set_index_option(IndexRecordOption::Basic),
        );
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        url: b.add_text_field("url", raw(true)),
        kind: b.add_text_field("kind", raw(true)),
        title: b.add_text_field("title", text(true, true)),
        name: b.add_text_field("name", text(false, false)),
        excerpt: b.add_text_field("excerpt", text(true, false)),
        answers: b.add_text_field("answers", text(false, false)),
        reasons: b.add_text_field("reasons", text(false, false)),
        citation: b.add_text_field("citation", text(false, false)),
        tags: b.add_text_field("tags", text(false, false)),
        domains: b.add_text_field("domains", text(false, false)),
        body: b.add_text_field("body", text(false, false)),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        keys: b.add_text_field("keys", raw(false)),
        strip: b.add_text_field("strip", STORED),
        all: b.add_text_field("all", text(false, true)),
    };
    (b.build(), fields)
}

pub(crate) fn register_tokenizer(index: &Index) {
    let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer)
        .build();
    index.tokenizers().register(TOKENIZER, analyzer);
}

/// English (Snowball) stemming, as tantivy's `Stemmer` does it, remembering
/// each word's stem: a catalogue repeats a small vocabulary many times, and
/// stemming was a fifth of indexing time. The memory is one per thread,
/// shared by every field's analyzer (the writer keeps one analyzer per
/// field, and each with its own memory stemmed every word once per field).
#[derive(Clone, Copy)]
struct CachedStemmer;

/// Words remembered per thread before the memory starts over.
const STEM_CACHE_WORDS: usize = 100_000;

thread_local! {
    static STEMS: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

pub struct CachedStemmerStream<S> {
    tail: S,
    stemmer: frostem::Stemmer,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stemmer = &self.stemmer;
        STEMS.with_borrow_mut(|stems| {
            if let Some(stem) = stems.get(&token.text) {
                token.text.clone_from(stem);
                return;
            }
            let stem = stemmer.stem(&token.text).into_owned();
            if stems.len() >= STEM_CACHE_WORDS {
                stems.clear();
            }
            stems.insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        });
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn remembered_stems_equal_tantivys_stemmer() {
        use tantivy::tokenizer::{Language, Stemmer};
        let text = "Diagnoses diagnosing the diagnosis; clinicians' clinical notes, NOTES and noted Résumés running runs";
        let mut ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(CachedStemmer)
            .build();
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        let expected = tokens(&mut theirs, text);
        assert!(expected.contains(&"diagnosi".to_string()), "{expected:?}");
        // Twice: the second pass answers from the memory.
        assert_eq!(tokens(&mut ours, text), expected);
        assert_eq!(tokens(&mut ours, text), expected);
    }
}
