/* Display rotation: touches turned back into the upright picture. */
#include <math.h>

#include "check.h"
#include "transform.h"

static bool near(float a, float b)
{
	return fabsf(a - b) < 1e-5f;
}

int main(void)
{
	int lw, lh;
	transform_logical_size(90, 800, 480, &lw, &lh);
	CHECK(lw == 480 && lh == 800);
	transform_logical_size(180, 800, 480, &lw, &lh);
	CHECK(lw == 800 && lh == 480);
	CHECK(transform_valid(270) && !transform_valid(45));

	float x, y;
	/* rotation 90: the picture's top-left corner is at the screen's top-right */
	transform_touch(90, 0.99f, 0.01f, &x, &y);
	CHECK(near(x, 0.01f) && near(y, 0.01f));
	/* its bottom-left is at the screen's top-left */
	transform_touch(90, 0.0f, 0.0f, &x, &y);
	CHECK(near(x, 0.0f) && near(y, 1.0f));
	transform_touch(180, 0.2f, 0.3f, &x, &y);
	CHECK(near(x, 0.8f) && near(y, 0.7f));
	transform_touch(270, 0.0f, 0.0f, &x, &y);
	CHECK(near(x, 1.0f) && near(y, 0.0f));
	transform_touch(0, 0.2f, 0.3f, &x, &y);
	CHECK(near(x, 0.2f) && near(y, 0.3f));

	/* to physical and back is the identity, for every rotation */
	for (int deg = 0; deg < 360; deg += 90) {
		for (float a = 0.0f; a <= 1.0f; a += 0.125f) {
			float px, py, bx, by;
			transform_to_physical(deg, a, 1.0f - a * 0.5f, &px, &py);
			transform_touch(deg, px, py, &bx, &by);
			CHECK(near(bx, a) && near(by, 1.0f - a * 0.5f));
		}
	}
	return check_exit("transform");
}
