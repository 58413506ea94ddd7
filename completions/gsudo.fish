# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gsudo_global_optspecs
    string join \n s/service-account= R/reason= p/project= delegates= lifetime= session= scopes= no-proxy no-metadata-server gke-cluster= location= proxy-resolve= upstream-ca-file= y/yes pam= entitlement= wait= no-wait keep-grant notify= v/verbose q/quiet h/help V/version
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
complete -c gsudo -n "__fish_gsudo_needs_command" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_needs_command" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_needs_command" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_needs_command" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_needs_command" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_needs_command" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_needs_command" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
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
complete -c gsudo -n "__fish_gsudo_needs_command" -a "grants" -d 'Show your Privileged Access Manager grants in the project (-p), with the time they have left'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "completions" -d 'Print the completion script for a shell'
complete -c gsudo -n "__fish_gsudo_needs_command" -a "version" -d 'Print gsudo\'s version'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand id-token" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand whoami" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l all-projects -d 'Every project you can see (Resource Manager search), instead of -p'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l as-me -d 'Test your own permissions instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l compare -d 'Show your permissions and the service account\'s side by side'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand can" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l world -d 'A world file (TOML) to emulate instead of the built-in demo world' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -a "serve" -d 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -a "world" -d 'Print the demo world file, a template for your own (--world)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -a "approve" -d 'Approve a PAM grant as the world\'s approver (bob), where gcloud points at the emulator'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -a "deny" -d 'Deny a PAM grant as the world\'s approver (bob), where gcloud points at the emulator'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and not __fish_seen_subcommand_from serve world approve deny help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from serve" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from world" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l why -d 'The approver\'s reason' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l why -d 'The approver\'s reason' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from deny" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "world" -d 'Print the demo world file, a template for your own (--world)'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Approve a PAM grant as the world\'s approver (bob), where gcloud points at the emulator'
complete -c gsudo -n "__fish_gsudo_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "deny" -d 'Deny a PAM grant as the world\'s approver (bob), where gcloud points at the emulator'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and not __fish_seen_subcommand_from path get set unset list help" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l format -r -f -a "text\t''
json\t''"
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -s s -l service-account -d 'The service account to act as: its email, or an alias from the configuration file [default: the project\'s service account in the configuration file]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -s R -l reason -d 'Why you need it; recorded in the audit logs of every call' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -s p -l project -d 'The project commands run in [default: the active gcloud configuration\'s project]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l delegates -d 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l lifetime -d 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l session -d 'How long the session may keep minting fresh tokens [default: 1h]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l scopes -d 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l gke-cluster -d 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session\'s kubeconfig only, as the current context' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l location -d 'The --gke-cluster\'s location (its region or zone)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l proxy-resolve -d 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l upstream-ca-file -d 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system\'s' -r -F
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand grants" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l pam -d 'When to go through a PAM grant: auto (when you hold no Token Creator and an entitlement grants it), always, or never [default: auto]' -r -f -a "auto\t'When the caller may not mint and an entitlement grants Token Creator'
always\t'Always through a grant, never a standing binding'
never\t'Never: only standing bindings'"
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l entitlement -d 'The PAM entitlement to request: its full name, or an id in the account\'s project' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l wait -d 'How long to wait for a PAM grant to become active [default: 15m]' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l notify -d 'Email addresses PAM also notifies about the grant, comma-separated' -r
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l no-proxy -d 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account\'s'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l no-metadata-server -d 'Serve no metadata server in the session: tools that only know the metadata server then find none'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s y -l yes -d 'Answer yes to the confirmation a policy asks for before a privileged run'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l no-wait -d 'Request the PAM grant, print its name and exit without running anything'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -l keep-grant -d 'Leave a PAM grant this run requested active when the session ends'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s v -l verbose -d 'Show each HTTP call gsudo makes (never a token or secret)'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s q -l quiet -d 'Say nothing but errors'
complete -c gsudo -n "__fish_gsudo_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "token" -d 'Print a fresh access token for the service account on stdout, for scripts'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "id-token" -d 'Print an OpenID Connect ID token for the service account (Cloud Run, IAP), for scripts'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "whoami" -d 'Show who you are, where that identity came from, and the session you are in'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "list" -d 'List the service accounts you can impersonate, in one project, several, or all you can see'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "can" -d 'Show which permissions a service account (or you) holds on a resource'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "sandbox" -d 'Try gsudo offline against its emulator of the Google APIs (gsudo-emulator)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "config" -d 'Read or change the configuration file (defaults, aliases, per-project accounts, policy)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "log" -d 'Show the sessions you ran, newest last, from the session log'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "grants" -d 'Show your Privileged Access Manager grants in the project (-p), with the time they have left'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "version" -d 'Print gsudo\'s version'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and not __fish_seen_subcommand_from token id-token whoami list can sandbox config log grants completions version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "serve" -d 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "world" -d 'Print the demo world file, a template for your own (--world)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "approve" -d 'Approve a PAM grant as the world\'s approver (bob), where gcloud points at the emulator'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "deny" -d 'Deny a PAM grant as the world\'s approver (bob), where gcloud points at the emulator'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print one setting\'s value from the file, like `gsudo config get lifetime`'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set one setting, keeping the rest of the file (comments too) as it is'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove one setting from the file'
complete -c gsudo -n "__fish_gsudo_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Print every setting in the file, and which GSUDO_* variables override them'
