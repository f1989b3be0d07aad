#ifndef PEERPLAN_CLIBICAL_SHIM_H
#define PEERPLAN_CLIBICAL_SHIM_H

/*
 * The only C that PeerPlan sees of libical. Swift calls libical directly; nothing
 * here re-implements it. Notes for Swift callers (see DESIGN.md section 7):
 *
 *  - The variadic constructors (icalcomponent_vanew, icalproperty_vanew_*) are
 *    not importable: build with *_new_* and icalcomponent_add_property /
 *    icalproperty_add_parameter / icalcomponent_add_component.
 *  - icalerrno is a macro: read it with peerplan_ical_errno() (or
 *    icalerrno_return()->pointee).
 *  - Strings returned by *_r functions (icalcomponent_as_ical_string_r,
 *    icalrecurrencetype_as_string_r, ...) belong to the caller: release them with
 *    icalmemory_free_buffer() (libical 3 allocates them with malloc; that is its free).
 */

#include <libical/ical.h>

/* The current libical error code (the icalerrno macro). */
static inline icalerrorenum peerplan_ical_errno(void) {
    return *icalerrno_return();
}

#endif /* PEERPLAN_CLIBICAL_SHIM_H */
