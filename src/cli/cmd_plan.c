/* saha plan: STUB, replaced by the module owner. */
#include "cli/cli.h"

int cmd_plan(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_errorf("plan: not implemented yet");
    return CLI_FAIL;
}
