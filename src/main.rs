//! The `cardsite` command line: parses arguments and calls the library.

use cardsite::commands;
use cardsite::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

// Builds allocate and free millions of small strings and values on two
// threads; mimalloc cut the 10,000-card build's allocator time (glibc's
// consolidation and page clearing) substantially.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "cardsite", version, about = "Build and check the BenchmarkCard catalogue", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the site is and where its output goes (shared by build, serve, search).
#[derive(Args, Clone)]
struct SiteArgs {
    /// Site root (holds cards/, content/, themes/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output directory [default: ROOT/public].
    #[arg(long)]
    output: Option<PathBuf>,
}

impl SiteArgs {
    fn build_options(self, base_url: Option<String>) -> cardsite::site::BuildOptions {
        cardsite::site::BuildOptions {
            root: self.root,
            output: self.output,
            base_url,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the static site into the output directory (atomically).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Absolute or path-only URL the site is served from (deploy previews).
        #[arg(long)]
        base_url: Option<String>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// After building, check that every internal link and asset resolves.
        #[arg(long)]
        check_links: bool,
        /// Show every warning (by default a few of each kind, with a count).
        #[arg(long, short)]
        verbose: bool,
    },
    /// Validate every card and context; report all problems at once.
    Check {
        /// Site root (holds cards/, content/, themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format for diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Show every warning (by default a few of each kind, with a count).
        #[arg(long, short)]
        verbose: bool,
    },
    /// Start a new card at cards/<SLUG>.yaml from the commented template.
    New {
        /// Lowercase letters, digits and hyphens, e.g. `medqa`.
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Import cards from other catalogues.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Preview the site with live reload (serves from memory, never writes).
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on; anything but loopback is shared with the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes (for file systems without change events).
        #[arg(long)]
        poll: bool,
    },
    /// Search the built site's index (builds first if it is missing or stale).
    Search {
        /// Words, "phrases", field:word (title, answers, domains, …), -word.
        query: String,
        #[command(flatten)]
        site: SiteArgs,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Facet filter such as /domain/Healthcare (repeatable).
        #[arg(long = "filter")]
        filters: Vec<String>,
        /// Print results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema for cards (with this site's assumptions).
    Schema {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Which schema to print.
        #[arg(long, value_enum, default_value_t = SchemaArg::Card)]
        kind: SchemaArg,
    },
}

#[derive(Subcommand)]
enum ImportSource {
    /// Sokol et al.'s BenchmarkCards (JSON, from the MIT-licensed GitHub repository).
    Sokol {
        /// Card files or folders holding them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the cards [default: ROOT/cards].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Keep only cards whose domains include this (e.g. Healthcare).
        #[arg(long)]
        domain: Option<String>,
        /// Report what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Replace cards whose slug exists already.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaArg {
    Card,
    Context,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build {
            site,
            base_url,
            quiet,
            check_links,
            verbose,
        } => {
            cardsite::report::set_verbose(verbose);
            commands::build(&site.build_options(base_url), quiet, check_links)
        }
        Command::Check {
            root,
            format,
            verbose,
        } => {
            cardsite::report::set_verbose(verbose);
            commands::check(&root, format)
        }
        Command::Import {
            source:
                ImportSource::Sokol {
                    paths,
                    root,
                    out,
                    domain,
                    dry_run,
                    force,
                },
        } => commands::import_sokol(&commands::ImportOptions {
            root,
            paths,
            out,
            domain,
            dry_run,
            force,
        }),
        Command::Serve {
            root,
            bind,
            port,
            open,
            poll,
        } => commands::serve(cardsite::serve::ServeOptions {
            build: cardsite::site::BuildOptions {
                root,
                output: None,
                base_url: None,
            },
            bind,
            port,
            poll,
            open,
        }),
        Command::Search {
            query,
            site,
            limit,
            filters,
            json,
        } => commands::search(&site.build_options(None), &query, limit, &filters, json),
        Command::New { slug, root } => commands::new_card(&root, &slug),
        Command::Schema { root, kind } => {
            commands::schema(&root, matches!(kind, SchemaArg::Context))
        }
    };
    ExitCode::from(code as u8)
}
