// Debian's libstb-dev ships the stb headers and a prebuilt libstb with the implementations
// (README.Debian: "undefine LIBRARYNAME_IMPLEMENTATION in your code and link against libstb"),
// so only the declarations are included here.
#ifndef EVALTOP_CSTB_SHIM_H
#define EVALTOP_CSTB_SHIM_H

#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
// The writer is used by the tests to make images of known sizes.
#include <stb/stb_image_write.h>

#endif
