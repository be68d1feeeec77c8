/* saha solve: STUB, replaced by the module owner. */
#include "cli/cli.h"

int cmd_solve(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_errorf("solve: not implemented yet");
    return CLI_FAIL;
}
