# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gsudo_global_optspecs
    string join \n s/service-account= R/reason= p/project= delegates= lifetime= session= scopes= no-proxy no-metadata-server gke-cluster= location= proxy-resolve= upstream-ca-file= y/yes v/verbose q/quiet h/help V/version
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
complete -c gsudo -n "__fish_gsudo_needs_command" -a "sandbox" -d 'Try gsudo offline against its built-in emulator of the Google APIs'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "config" -d 'Read or change the configuration file (defaults, aliases, per-project accounts, policy)'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "log" -d 'Show the sessions you ran, newest last, from the session log'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "completions" -d 'Print the completion script for a shell'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "version" -d 'Print gsudo\'s version'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "help" -d 'Print the help of gsudo or of one of its commands, like `gsudo help config set`'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l format -d 'How to print it: text for people, json for programs' -r -f -a "text\t'Lines or a table, for people'
json\t'One JSON document, for programs'"
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l audience -d 'Who the token is for, like https://my-service-abc123-ew.a.run.app' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l format -d 'How to print it: text for people, json for programs' -r -f -a "text\t'Lines or a table, for people'
json\t'One JSON document, for programs'"
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l format -d 'How to print it: text for people, json for programs' -r -f -a "text\t'Lines or a table, for people'
json\t'One JSON document, for programs'"
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s p -l project -d 'The projects to look in, comma-separated [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l format -d 'How to print it: text for people, json for programs' -r -f -a "text\t'Lines or a table, for people'
json\t'One JSON document, for programs'"
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l concurrency -d 'Most API calls in flight at once' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l all-projects -d 'Every project you can see (Resource Manager search), instead of -p'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l on -d 'The resource to test on [default: the project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l format -d 'How to print it: text for people, json for programs' -r -f -a "text\t'Lines or a table, for people'
json\t'One JSON document, for programs'"
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l concurrency -d 'Most API calls in flight at once' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l as-me -d 'Test your own permissions instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l compare -d 'Show your permissions and the service account\'s side by side'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l world -d 'A world file (TOML) to emulate instead of the built-in demo world' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -a "serve" -d 'Run the emulator in the foreground, for scripts and tests'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world" -a "world" -d 'Print the demo world file, a template for your own (--world)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l listen -d 'Where to listen (loopback only)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l audit-log -d 'Where to append the audit log [default: a file in a new temporary directory]' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l https-listen -d 'Also serve HTTPS here (HTTP/2 and HTTP/1.1), with a certificate for localhost and *.googleapis.com from a CA of its own, whose file it prints (loopback only)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l latency -d 'Delay every answer by this long (like 20ms or 0.5s)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l error-rate -d 'Answer this share of calls (0 to 1) with 429 or 503 at random' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l fail-first -d 'Answer the first N calls with 429, 503, 429, ... (deterministic, for tests)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list" -f -a "path" -d 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list" -f -a "get" -d 'Print one setting\'s value from the file, like `gsudo config get lifetime`'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list" -f -a "set" -d 'Set one setting, keeping the rest of the file (comments too) as it is'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list" -f -a "unset" -d 'Remove one setting from the file'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list" -f -a "list" -d 'Print every setting in the file, and which GSUDO_* variables override them'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l format -d 'How to print it: text for people, json for programs' -r -f -a "text\t'Lines or a table, for people'
json\t'One JSON document, for programs'"
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l format -d 'How to print it: text for people, json for programs' -r -f -a "text\t'Lines or a table, for people'
json\t'One JSON document, for programs'"
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s n -l limit -d 'How many of the most recent sessions to show (0 for all)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s h -l help -d 'Print help'
complete -c gsudo -n "__fish_gsudo_using_subcommand help" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand help" -s h -l help -d 'Print help'
