/* saha territory: STUB, replaced by the module owner. */
#include "cli/cli.h"

int cmd_territory(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_errorf("territory: not implemented yet");
    return CLI_FAIL;
}
