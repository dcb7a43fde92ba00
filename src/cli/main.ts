#!/usr/bin/env node
// placeholder entry; the CLI lands with the trainer (issue 2)
process.stderr.write('gbtune: the CLI is not built yet\n');
process.exit(1);
