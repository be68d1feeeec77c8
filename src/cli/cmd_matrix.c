/* saha matrix: STUB, replaced by the module owner. */
#include "cli/cli.h"

int cmd_matrix(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_errorf("matrix: not implemented yet");
    return CLI_FAIL;
}
