// Preloaded into each timed process (node -r bench/cpu.cjs): reports the process's own CPU time
// (user + system, all threads) on stderr at exit. On a machine shared with other work, CPU time
// is far steadier than wall time.
'use strict';
const { writeSync } = require('node:fs');
process.on('exit', () => {
  const u = process.cpuUsage();
  try {
    writeSync(2, `\n@@cpu-ms ${((u.user + u.system) / 1000).toFixed(1)}\n`);
  } catch {
    /* stderr closed */
  }
});
