// Writes the share/ tree that @yowasp/yosys embeds in gen/resources-yosys.js (the techmap and
// cell libraries its passes read) into a directory.
// usage: node yosys-share.mjs GEN_DIR OUT_DIR
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const [gen, out] = process.argv.slice(2);
const { filesystem } = await import(join(gen, 'resources-yosys.js'));
function write(dir, tree) {
  mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(tree)) {
    const path = join(dir, name);
    if (typeof value === 'string') writeFileSync(path, value);
    else if (value instanceof URL) copyFileSync(fileURLToPath(value), path);
    else if (value instanceof Uint8Array) writeFileSync(path, value);
    else write(path, value);
  }
}
write(out, filesystem.share);
