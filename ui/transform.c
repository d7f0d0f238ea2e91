#include "transform.h"

bool transform_valid(int degrees)
{
	return degrees == 0 || degrees == 90 || degrees == 180 || degrees == 270;
}

void transform_logical_size(int degrees, int w, int h, int *lw, int *lh)
{
	bool swap = degrees == 90 || degrees == 270;
	*lw = swap ? h : w;
	*lh = swap ? w : h;
}

void transform_touch(int degrees, float px, float py, float *lx, float *ly)
{
	switch (degrees) {
	case 90:
		*lx = py;
		*ly = 1.0f - px;
		break;
	case 180:
		*lx = 1.0f - px;
		*ly = 1.0f - py;
		break;
	case 270:
		*lx = 1.0f - py;
		*ly = px;
		break;
	default:
		*lx = px;
		*ly = py;
		break;
	}
}

void transform_to_physical(int degrees, float lx, float ly, float *px, float *py)
{
	switch (degrees) {
	case 90:
		*px = 1.0f - ly;
		*py = lx;
		break;
	case 180:
		*px = 1.0f - lx;
		*py = 1.0f - ly;
		break;
	case 270:
		*px = ly;
		*py = 1.0f - lx;
		break;
	default:
		*px = lx;
		*py = ly;
		break;
	}
}
