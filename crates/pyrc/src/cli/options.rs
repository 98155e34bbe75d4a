//! The command line's options, parsed as CPython 3.11's `Python/getopt.c` and
//! `Python/initconfig.c` parse them: short options may be grouped (`-BEu`), `-c`, `-m`, `-W`
//! and `-X` take the rest of their word or the next one, `-c`/`-m`/a file/`-` end the options;
//! `PYTHON*` environment variables fill in what no option set, unless `-E` or `-I`. Errors and
//! `--help` print python3's text, with pyrc's program name.

use crate::object::runtime::Config;

/// What to run.
#[derive(Debug, PartialEq)]
pub enum Mode {
    /// `pyrc FILE`.
    Script(String),
    /// `pyrc -c CODE`.
    Command(String),
    /// `pyrc -m MODULE`.
    Module(String),
    /// No program (or `-`): the REPL.
    Repl,
    /// `pyrc --doctest FILE` (pyrc's own: runs a `>>>` transcript).
    Doctest(String),
}

/// The parsed command line.
#[derive(Debug)]
pub struct Options {
    /// What to run.
    pub mode: Mode,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// `-X legacy_gc`: the seed's legacy finalizers (cycles with `__del__` are uncollectable).
    pub legacy_gc: bool,
    /// `-X gc_narrate`: every collection told phase by phase on stderr (`refgraph.narrate`).
    pub gc_narrate: bool,
    /// `-x`: the script's first line is skipped.
    pub skip_first_line: bool,
    /// The options `sys` reflects.
    pub config: Config,
    /// `PYTHONSTARTUP` (unless `-E`/`-I`): run before the REPL's first prompt.
    pub startup: Option<String>,
}

/// What the command line asks instead of running a program.
#[derive(Debug, PartialEq)]
pub enum Exit {
    /// Print this on stdout and exit 0 (`--help`, `--version`).
    Print(String),
    /// Print this on stderr and exit 2 (a bad option).
    Error(String),
}

/// The version line `-V` prints: CPython's shape, for the language version pyrc implements
/// (tools parse "Python X.Y.Z" to learn which language they talk to); `-VV` says it is pyrc.
pub const VERSION: &str = "Python 3.11.7";

fn usage_line(program: &str) -> String {
    format!("usage: {program} [option] ... [-c cmd | -m mod | file | -] [arg] ...\n")
}

fn error(program: &str, message: &str) -> Exit {
    Exit::Error(format!(
        "{message}\n{}Try `python -h' for more information.\n",
        usage_line(program)
    ))
}

/// `--help`: python3 3.11's text for the options pyrc honours (pyrc's own marked).
pub fn help(program: &str) -> String {
    usage_line(program)
        + "\
Options (and corresponding environment variables):
-b     : issue warnings about str(bytes_instance), str(bytearray_instance)
         and comparing bytes/bytearray with str. (-bb: issue errors)
         (pyrc: sets sys.flags.bytes_warning only)
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
         (pyrc never writes them)
-c cmd : program passed in as string (terminates option list)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-i     : inspect interactively after running script; forces a prompt even
         if stdin does not appear to be a terminal; also PYTHONINSPECT=x
-I     : isolate Python from the user's environment (implies -E, -P and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements; also PYTHONOPTIMIZE=x
-OO    : do -O changes (pyrc keeps docstrings either way)
-P     : don't prepend a potentially unsafe path to sys.path; also PYTHONSAFEPATH
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path; also PYTHONNOUSERSITE
-S     : don't imply 'import site' on initialization (pyrc imports no site)
-u     : force the stdout and stderr streams to be unbuffered;
         this option has no effect on stdin; also PYTHONUNBUFFERED=x
-v     : verbose (sets sys.flags.verbose only); also PYTHONVERBOSE=x
-V     : print the Python version number and exit (also --version)
         when given twice, print more information about the build
-W arg : warning control; arg is action:message:category:module:lineno
         also PYTHONWARNINGS=arg
-x     : skip first line of source, allowing use of non-Unix forms of #!cmd
-X opt : set implementation-specific option (sys._xoptions); pyrc's own:
         -X legacy_gc: cycles with __del__ are uncollectable (gc.garbage)
         -X gc_narrate: every collection told phase by phase on stderr
--doctest file : run a >>> transcript and compare its output (pyrc's own)
Arguments:
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
"
}

/// The environment variable `name` when the environment is honoured and it is non-empty.
fn env(config: &Config, name: &str) -> Option<String> {
    if config.ignore_environment {
        return None;
    }
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Parses `args` (without the program name); `program` names pyrc in messages.
pub fn parse(program: &str, args: &[String]) -> Result<Options, Exit> {
    let mut config = Config::default();
    let (mut legacy_gc, mut gc_narrate, mut skip_first_line) = (false, false, false);
    let mut version = 0;
    let mut mode = None;
    let mut rest: &[String] = &[];
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        i += 1;
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "help" | "help-all" | "help-env" | "help-xoptions" => {
                    return Err(Exit::Print(help(program)))
                }
                "version" => version += 1,
                "check-hash-based-pycs" => {
                    if i >= args.len() {
                        return Err(error(
                            program,
                            "Argument expected for the --check-hash-based-pycs option",
                        ));
                    }
                    i += 1;
                }
                "doctest" => {
                    let Some(file) = args.get(i) else {
                        return Err(error(program, "Argument expected for the --doctest option"));
                    };
                    mode = Some(Mode::Doctest(file.clone()));
                    rest = &args[i..];
                    i = args.len();
                }
                _ => return Err(error(program, &format!("unknown option {arg}"))),
            }
            continue;
        }
        if arg == "-" || !arg.starts_with('-') {
            i -= 1;
            break;
        }
        // A group of short options; one taking an argument takes the rest of the word.
        let letters: Vec<char> = arg[1..].chars().collect();
        let mut k = 0;
        while k < letters.len() {
            let letter = letters[k];
            k += 1;
            let takes_argument = matches!(letter, 'c' | 'm' | 'W' | 'X');
            let argument = if takes_argument {
                let attached: String = letters[k..].iter().collect();
                k = letters.len();
                if !attached.is_empty() {
                    Some(attached)
                } else if let Some(next) = args.get(i) {
                    i += 1;
                    Some(next.clone())
                } else {
                    return Err(error(
                        program,
                        &format!("Argument expected for the -{letter} option"),
                    ));
                }
            } else {
                None
            };
            match (letter, argument) {
                ('c', Some(code)) => {
                    mode = Some(Mode::Command(code));
                    rest = &args[i..];
                }
                ('m', Some(module)) => {
                    mode = Some(Mode::Module(module));
                    rest = &args[i..];
                }
                ('W', Some(option)) => config.warnoptions.push(option),
                ('X', Some(option)) => {
                    match option.as_str() {
                        "legacy_gc" => legacy_gc = true,
                        "gc_narrate" => gc_narrate = true,
                        _ => {}
                    }
                    let (name, value) = match option.split_once('=') {
                        Some((name, value)) => (name.to_string(), Some(value.to_string())),
                        None => (option.clone(), None),
                    };
                    config.xoptions.push((name, value));
                }
                ('b', _) => config.bytes_warning = config.bytes_warning.saturating_add(1),
                ('B', _) => config.dont_write_bytecode = true,
                ('d', _) => {}
                ('E', _) => config.ignore_environment = true,
                ('h' | '?', _) => return Err(Exit::Print(help(program))),
                ('i', _) => config.inspect = true,
                ('I', _) => {
                    config.isolated = true;
                    config.ignore_environment = true;
                    config.no_user_site = true;
                    config.safe_path = true;
                }
                ('O', _) => config.optimize = config.optimize.saturating_add(1),
                ('P', _) => config.safe_path = true,
                ('q', _) => config.quiet = true,
                ('R', _) => {}
                ('s', _) => config.no_user_site = true,
                ('S', _) => config.no_site = true,
                ('u', _) => config.unbuffered = true,
                ('v', _) => config.verbose = config.verbose.saturating_add(1),
                ('V', _) => version += 1,
                ('x', _) => skip_first_line = true,
                _ => return Err(error(program, &format!("Unknown option: -{letter}"))),
            }
            if mode.is_some() {
                break;
            }
        }
        if mode.is_some() {
            break;
        }
    }
    if version > 0 {
        let text = if version > 1 {
            format!("{VERSION} (pyrc {}, a Python 3.11 on rcgc)\n", env!("CARGO_PKG_VERSION"))
        } else {
            format!("{VERSION}\n")
        };
        return Err(Exit::Print(text));
    }
    let (mode, argv) = match mode {
        Some(Mode::Command(code)) => {
            (Mode::Command(code), std::iter::once("-c".to_string()).chain(rest.to_vec()).collect())
        }
        // runpy puts the module's path in `argv[0]` once it has found it.
        Some(Mode::Module(module)) => {
            (Mode::Module(module), std::iter::once("-m".to_string()).chain(rest.to_vec()).collect())
        }
        Some(Mode::Doctest(file)) => (Mode::Doctest(file), rest.to_vec()),
        Some(other) => (other, Vec::new()),
        None => match args.get(i).map(String::as_str) {
            None => (Mode::Repl, vec![String::new()]),
            Some("-") => (Mode::Repl, args[i..].to_vec()),
            Some(file) => (Mode::Script(file.to_string()), args[i..].to_vec()),
        },
    };
    // The environment fills in what no option set (CPython's `config_read_env_vars`).
    if env(&config, "PYTHONINSPECT").is_some() {
        config.inspect = true;
    }
    if env(&config, "PYTHONUNBUFFERED").is_some() {
        config.unbuffered = true;
    }
    if env(&config, "PYTHONDONTWRITEBYTECODE").is_some() {
        config.dont_write_bytecode = true;
    }
    if env(&config, "PYTHONNOUSERSITE").is_some() {
        config.no_user_site = true;
    }
    if env(&config, "PYTHONSAFEPATH").is_some() {
        config.safe_path = true;
    }
    if let Some(level) = env(&config, "PYTHONOPTIMIZE") {
        // A number is the level; any other text means 1, as CPython's `_Py_GetEnvFlag`.
        config.optimize = config.optimize.max(level.trim().parse().unwrap_or(1));
    }
    if let Some(level) = env(&config, "PYTHONVERBOSE") {
        config.verbose = config.verbose.max(level.trim().parse().unwrap_or(1));
    }
    if let Some(warnings) = env(&config, "PYTHONWARNINGS") {
        // `PYTHONWARNINGS` comes first, so `-W` options (later) take precedence.
        let mut options: Vec<String> = warnings
            .split(',')
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        options.append(&mut config.warnoptions);
        config.warnoptions = options;
    }
    let startup = env(&config, "PYTHONSTARTUP");
    Ok(Options { mode, argv, legacy_gc, gc_narrate, skip_first_line, config, startup })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &[&str]) -> Result<Options, Exit> {
        let args: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        parse("pyrc", &args)
    }

    #[test]
    fn grouped_flags_and_attached_arguments() {
        let options = parse_words(&["-BOu", "-Werror", "-X", "a=b", "-cprint(1)", "x"]).unwrap();
        assert_eq!(options.mode, Mode::Command("print(1)".into()));
        assert_eq!(options.argv, vec!["-c", "x"]);
        assert_eq!(options.config.optimize, 1);
        assert!(options.config.unbuffered && options.config.dont_write_bytecode);
        assert!(options.config.warnoptions.ends_with(&["error".to_string()]));
        assert_eq!(options.config.xoptions, vec![("a".to_string(), Some("b".to_string()))]);
    }

    #[test]
    fn options_end_at_the_program() {
        let options = parse_words(&["-i", "script.py", "-c", "-O"]).unwrap();
        assert_eq!(options.mode, Mode::Script("script.py".into()));
        assert_eq!(options.argv, vec!["script.py", "-c", "-O"]);
        assert_eq!(options.config.optimize, 0);
        assert!(options.config.inspect);
        let options = parse_words(&["-m", "json.tool", "-h"]).unwrap();
        assert_eq!(options.mode, Mode::Module("json.tool".into()));
        assert_eq!(options.argv, vec!["-m", "-h"]);
    }

    #[test]
    fn isolated_implies_its_parts() {
        let options = parse_words(&["-I"]).unwrap();
        let c = &options.config;
        assert!(c.isolated && c.ignore_environment && c.safe_path && c.no_user_site);
        assert!(options.startup.is_none());
    }

    #[test]
    fn errors_are_python3s() {
        let Err(Exit::Error(text)) = parse_words(&["-Z"]) else { panic!("-Z accepted") };
        assert!(text.starts_with("Unknown option: -Z\nusage: pyrc [option]"), "{text}");
        let Err(Exit::Error(text)) = parse_words(&["--frob"]) else { panic!("--frob accepted") };
        assert!(text.starts_with("unknown option --frob\n"), "{text}");
        let Err(Exit::Error(text)) = parse_words(&["-c"]) else { panic!("-c without code") };
        assert!(text.starts_with("Argument expected for the -c option\n"), "{text}");
        assert_eq!(parse_words(&["-V"]).err(), Some(Exit::Print("Python 3.11.7\n".into())));
    }
}
