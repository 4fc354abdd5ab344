// `npm run contract:schema`: writes the contract's JSON Schema to out/contract.schema.json (`--stdout` prints it).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageRoot, packageVersion } from '../main/core/util/packageRoot';
import { buildContractSchema } from './contractSchema';

const text = `${JSON.stringify(buildContractSchema(packageVersion()), null, 2)}\n`;
if (process.argv.includes('--stdout')) process.stdout.write(text);
else {
  const file = path.join(packageRoot(), 'out', 'contract.schema.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  process.stderr.write(`Wrote ${file}\n`);
}
