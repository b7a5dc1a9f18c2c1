#include "cli/commands.h"

int main(int argc, char** argv) { return lifeline::cli::run(argc, argv); }
