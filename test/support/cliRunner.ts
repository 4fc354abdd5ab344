// Runs the CLI's main() from source in a child process (node --import tsx), as `deskpilot` would.
import { main } from '../../main/cli';

process.exitCode = await main(process.argv.slice(2));
