// Preloaded into a child process (node --import): prints the process's peak RSS in bytes on
// stderr when it exits, as `peak_rss <bytes>`, for the benches that measure a CLI command.
process.on('exit', () => process.stderr.write(`\npeak_rss ${process.resourceUsage().maxRSS * 1024}\n`));
