// patentledger: one command line for the ledger. Each subcommand lives in
// its own file and registers itself here.
#include "tools/patentledger/cli.h"
#include "tools/patentledger/projection_cli.h"

int main(int argc, char** argv) {
  CLI::App app{"patentledger: event-sourced, verifiable registry of patent transactions and pledges"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  pl::cli::RegisterKeyCommands(app);
  pl::cli::RegisterSignCommands(app);
  pl::cli::RegisterSubmitCommand(app);
  pl::cli::RegisterQueryCommands(app);
  pl::cli::RegisterExportCommands(app);
  pl::cli::RegisterGenerateCommand(app);
  pl::cli::RegisterBenchCommands(app);
  pl::cli::RegisterProofCommands(app);
  pl::cli::RegisterCertificateCommands(app);
  pl::cli::RegisterKafkaCommands(app);
  pl::cli::RegisterProjectionCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : pl::cli::kExitUsage;
  }
  return pl::cli::ExitStatus();
}
