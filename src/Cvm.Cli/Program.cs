using Cvm.Cli;

return CvmCommandLine.Run(args, CommandIO.FromConsole());
