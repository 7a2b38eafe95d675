/** The `test` command's usage, shown by `specsocket` itself without loading the command (cli.ts). */
export const TEST_USAGE =
  'usage: specsocket test <session files|folders...> [--server name] [--url url] [--mock] [--reporter text|junit|json]\n' +
  '       specsocket test --examples <specs...> [--server name] [--url url] [--mock] [--listen ms] [--reporter text|junit|json]\n';
