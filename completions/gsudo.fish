complete --keep-order --exclusive --command gsudo --arguments "(_GSUDO_COMPLETE=fish gsudo -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
