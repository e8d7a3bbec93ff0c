#ifndef FUZZ_ENTRY_H
#define FUZZ_ENTRY_H
/// Runs libFuzzer's driver with the target's LLVMFuzzerTestOneInput (defined in Swift with @_cdecl). Swift
/// executables keep their own main, so libFuzzer's main is never linked in; its driver is called from there.
int fuzz_entry(int argc, char **argv);
#endif
