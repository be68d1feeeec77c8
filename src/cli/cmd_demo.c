/* saha demo: STUB, replaced by the module owner. */
#include "cli/cli.h"

int cmd_demo(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_errorf("demo: not implemented yet");
    return CLI_FAIL;
}
