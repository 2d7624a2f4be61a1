/**
 * Zero for a number field that will hold fractions (minutes, sums of minutes, rates): −0.
 *
 * V8 gives an object's field the representation of the first value stored in it, and 0 is a
 * small integer. A field that starts at 0 and is later given 0.5 changes representation: its
 * shape is deprecated, every object of that shape is migrated when next touched, and the
 * optimised code that reads such objects is thrown away and compiled again. In a replication
 * that happens when the first fraction reaches the field, for the window's sums at the end of
 * the warm-up, after the hot code has been optimised once. −0 is a double, so such a field is a
 * double from the start. In arithmetic it is 0 (−0 === 0, −0 + x = x, and a sum started at −0
 * is +0 once anything but −0 is added), and JSON and String print it as 0; `Object.is` and `Intl`
 * tell it from 0, so a sum that may never be added to is handed out `+ 0`.
 */
export const DOUBLE_ZERO = -0;
