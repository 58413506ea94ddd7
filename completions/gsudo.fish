# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gsudo_global_optspecs
    string join \n s/service-account= R/reason= p/project= delegates= lifetime= session= scopes= no-proxy no-metadata-server gke-cluster= location= proxy-resolve= upstream-ca-file= broker= y/yes v/verbose q/quiet h/help V/version
end

function __fish_gsudo_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_gsudo_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_gsudo_using_subcommand
    set -l cmd (__fish_gsudo_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c gsudo -n "__fish_gsudo_needs_command" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_needs_command" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_needs_command" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_needs_command" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_needs_command" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_needs_command" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_needs_command" -s V -l version -d 'Print version'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "token" -d 'Print a fresh access token for the service account on stdout, for scripts'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "id-token" -d 'Print an OpenID Connect ID token for the service account (Cloud Run, IAP), for scripts'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "whoami" -d 'Show who you are, where that identity came from, and the session you are in'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "list" -d 'List the service accounts you can impersonate, in one project, several, or all you can see'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "can" -d 'Show which permissions a service account (or you) holds on a resource'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "sandbox" -d 'Try gsudo offline against its emulator of the Google APIs (gsudo-emulator)'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "config" -d 'Read or change the configuration file (defaults, aliases, per-project accounts, policy)'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "log" -d 'Show the sessions you ran, newest last, from the session log'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "completions" -d 'Print the completion script for a shell'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "version" -d 'Print gsudo\'s version'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "broker" -d 'The organization\'s broker, which alone holds Token Creator and mints by policy'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l audience -d 'Who the token is for, like https://my-service-abc123-ew.a.run.app' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l concurrency -d 'Most API calls in flight at once' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l all-projects -d 'Every project you can see (Resource Manager search), instead of -p'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l on -d 'The resource to test on [default: the project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l concurrency -d 'Most API calls in flight at once' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l as-me -d 'Test your own permissions instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l compare -d 'Show your permissions and the service account\'s side by side'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l world -d 'A world file (TOML) to emulate instead of the built-in demo world' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l with-broker -d 'Mint through a local gsudo broker, as an organization\'s users do'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -a "serve" -d 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -a "world" -d 'Print the demo world file, a template for your own (--world)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "world" -d 'Print the demo world file, a template for your own (--world)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "path" -d 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "get" -d 'Print one setting\'s value from the file, like `gsudo config get lifetime`'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "set" -d 'Set one setting, keeping the rest of the file (comments too) as it is'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "unset" -d 'Remove one setting from the file'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "list" -d 'Print every setting in the file, and which GSUDO_* variables override them'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one setting\'s value from the file, like `gsudo config get lifetime`'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set one setting, keeping the rest of the file (comments too) as it is'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove one setting from the file'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'Print every setting in the file, and which GSUDO_* variables override them'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s n -l limit -d 'How many of the most recent sessions to show (0 for all)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -f -a "serve" -d 'Serve the broker\'s API (POST /v1/token, GET /healthz) until SIGTERM'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -f -a "check" -d 'Explain offline what a policy decides for a caller, the account (-s), the reason (-R), --lifetime, --session, --scopes and --delegates'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and not __fish_seen_subcommand_from serve check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l policy -d 'The organization\'s policy (TOML: [groups] and [[rule]] tables)' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l listen -d 'Where to listen [default: 0.0.0.0:$PORT when PORT is set (Cloud Run), else 127.0.0.1:8080]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l audience -d 'The audiences callers\' ID tokens must be for: the broker\'s URL (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l decision-log -d 'Also append the decision log to FILE' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l rate -d 'Requests per second each caller may make, after the burst' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l burst -d 'Requests each caller may make at once before the rate applies' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l tls-cert -d 'Serve HTTPS with this PEM certificate chain, standalone (Cloud Run and ingresses end TLS themselves)' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l tls-key -d 'The PEM private key of --tls-cert' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l jwks-url -d 'Only for tests and the sandbox: where the ID-token keys are [default: Google\'s]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l issuer -d 'Only for tests and the sandbox: the ID tokens\' issuer [default: Google\'s]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l policy -d 'The policy file, as `broker serve` reads it' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l caller -d 'Who asks: an email, as the broker would verify it' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l at -d 'When to decide for, for time windows (RFC 3339) [default: now]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l broker -d 'Mint every token of the session through the organization\'s gsudo broker at URL' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve the broker\'s API (POST /v1/token, GET /healthz) until SIGTERM'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from help" -f -a "check" -d 'Explain offline what a policy decides for a caller, the account (-s), the reason (-R), --lifetime, --session, --scopes and --delegates'
complete -c gsudo -n "__fish_gsudo_using_subcommand broker; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "token" -d 'Print a fresh access token for the service account on stdout, for scripts'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "id-token" -d 'Print an OpenID Connect ID token for the service account (Cloud Run, IAP), for scripts'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "whoami" -d 'Show who you are, where that identity came from, and the session you are in'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "list" -d 'List the service accounts you can impersonate, in one project, several, or all you can see'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "can" -d 'Show which permissions a service account (or you) holds on a resource'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "sandbox" -d 'Try gsudo offline against its emulator of the Google APIs (gsudo-emulator)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "config" -d 'Read or change the configuration file (defaults, aliases, per-project accounts, policy)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "log" -d 'Show the sessions you ran, newest last, from the session log'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "version" -d 'Print gsudo\'s version'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "broker" -d 'The organization\'s broker, which alone holds Token Creator and mints by policy'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log completions version broker help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "serve" -d 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "world" -d 'Print the demo world file, a template for your own (--world)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print one setting\'s value from the file, like `gsudo config get lifetime`'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set one setting, keeping the rest of the file (comments too) as it is'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove one setting from the file'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Print every setting in the file, and which GSUDO_* variables override them'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from broker" -f -a "serve" -d 'Serve the broker\'s API (POST /v1/token, GET /healthz) until SIGTERM'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from broker" -f -a "check" -d 'Explain offline what a policy decides for a caller, the account (-s), the reason (-R), --lifetime, --session, --scopes and --delegates'
