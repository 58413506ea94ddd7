
set edit:completion:arg-completer[gsudo] = { |@words|
    var index = (count $words)
    set index = (- $index 1)

    put (env _CLAP_IFS="\n" _CLAP_COMPLETE_INDEX=(to-string $index) _GSUDO_COMPLETE="elvish" gsudo -- $@words) | to-lines
}

