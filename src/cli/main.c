/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hk-cli.h"

int
main (int    argc,
      char **argv)
{
  return hk_cli_run (argc, argv);
}
