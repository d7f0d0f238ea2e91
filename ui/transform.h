/* Display rotation: the booth draws an upright picture (logical space) that the screen shows
 * turned clockwise by 0, 90, 180 or 270 degrees, for panels mounted on their side. Touches come
 * in physical screen coordinates and are turned back here. Pure functions. */
#pragma once

#include <stdbool.h>

/* Whether `degrees` is 0, 90, 180 or 270. */
bool transform_valid(int degrees);

/* Logical size for a physical w x h screen turned by `degrees`. */
void transform_logical_size(int degrees, int w, int h, int *lw, int *lh);

/* A touch at physical fractions (px, py) of the screen, 0..1, to logical fractions. */
void transform_touch(int degrees, float px, float py, float *lx, float *ly);

/* The inverse: a logical point to physical fractions (used by scripts' taps). */
void transform_to_physical(int degrees, float lx, float ly, float *px, float *py);
