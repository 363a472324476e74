using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g. `--filter *Capability*`; with no arguments it lists them.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
