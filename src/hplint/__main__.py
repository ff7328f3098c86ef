from hplint.cli import main

# Guarded: a process started with multiprocessing's ``spawn`` (the language server's lint
# process) imports the parent's main module under another name, and must not run the CLI.
if __name__ == "__main__":
    main()
