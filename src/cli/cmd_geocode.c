/* saha geocode: STUB, replaced by the module owner. */
#include "cli/cli.h"

int cmd_geocode(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_errorf("geocode: not implemented yet");
    return CLI_FAIL;
}
