// Raspberry Pi cameras (and any camera libcamera drives) behind camera.h. The only C++ in
// gatherbooth: an extern "C" shim in which no exception crosses into C. libcamera's signals
// are copied onto a queue and returned from at once; this file's own thread does the work.
//
// Builds against Debian's libcamera 0.0.3 and Raspberry Pi's 0.7, and so is meant for Pi OS's
// 0.3 to 0.5 between them: API changes are guarded by LIBCAMERA_VERSION_*.

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <sys/mman.h>
#include <thread>
#include <vector>

#include <libcamera/libcamera.h>
#include <libcamera/version.h>

extern "C" {
#include "camera.h"
#include "pixels.h"
#include "xalloc.h"
}

using namespace libcamera;

#define LC_VERSION                                                                                 \
	(LIBCAMERA_VERSION_MAJOR * 10000 + LIBCAMERA_VERSION_MINOR * 100 + LIBCAMERA_VERSION_PATCH)

namespace
{

struct Mapped {
	void *data = nullptr;
	size_t length = 0;
};

class Shim;

// What C holds: standard layout, struct camera first, so the cast both ways is sound.
struct Holder {
	camera base;
	Shim *shim;
};

class Shim
{
      public:
	Holder holder;
	camera &base = holder.base;
	std::unique_ptr<CameraManager> manager;
	std::shared_ptr<Camera> cam;
	std::unique_ptr<CameraConfiguration> config;
	std::unique_ptr<FrameBufferAllocator> allocator;
	std::vector<std::unique_ptr<Request>> requests;
	std::vector<std::vector<Mapped>> maps; // per request: its planes' mappings
	// per request: packed 24-bit RGB widened to XRGB8888 (a pipeline that gives only RGB888
	// or BGR888: vimc, and the simple pipeline's software ISP)
	std::vector<std::vector<uint32_t>> widened;
	Stream *stream = nullptr;
	bool has_af = false;

	std::thread worker;
	std::mutex lock;
	std::condition_variable wake;
	std::deque<Request *> done;
	std::vector<bool> lent;
	int stills_wanted = 0;
	bool stopping = false, running = false, lost = false;
	// a still is being taken: the requests and mappings are being remade, and a frame
	// handed back meanwhile is not queued again
	bool reconfiguring = false;
	// the camera's device went away: libcamera 0.0.3 aborts (an assertion in
	// PipelineHandler::stop) when such a camera is stopped with requests queued, so a gone
	// camera is never stopped, released or destroyed; it and its manager are left be
	bool gone = false;

	void on_request(Request *r)
	{
		if (r->status() == Request::RequestCancelled) {
			return;
		}
		std::lock_guard<std::mutex> g(lock);
		done.push_back(r);
		wake.notify_one();
	}

	void on_removed(std::shared_ptr<Camera> c)
	{
		if (c != cam) {
			return;
		}
		std::lock_guard<std::mutex> g(lock);
		lost = true;
		wake.notify_one();
	}
};

void unmap_all(Shim *s)
{
	for (auto &planes : s->maps) {
		for (auto &m : planes) {
			if (m.data && m.data != MAP_FAILED) {
				munmap(m.data, m.length);
			}
		}
	}
	s->maps.clear();
	s->widened.clear();
	s->requests.clear();
	s->allocator.reset();
}

// Configures `role` at `w` x `h` (0: the camera's own) and makes a request per buffer, with each
// plane mapped from its dmabuf fd. Returns false if the camera refuses.
bool configure(Shim *s, StreamRole role, unsigned w, unsigned h)
{
	s->config = s->cam->generateConfiguration({role});
	if (!s->config || s->config->empty()) {
		return false;
	}
	StreamConfiguration &sc = s->config->at(0);
	if (w && h) {
		sc.size = Size(w, h);
	}
	sc.bufferCount = role == StreamRole::StillCapture ? 1 : 4;
	// rotate 0 or 180 from the config; the preview is mirrored when drawn, stills are not
	bool flip = s->base.options.rotation == 180;
#if LC_VERSION >= 200
	s->config->orientation = flip ? Orientation::Rotate180 : Orientation::Rotate0;
#else
	s->config->transform = flip ? Transform::Rot180 : Transform::Identity;
#endif
	// XRGB8888 goes to the screen and the still as it is; YUV420 goes to an IYUV texture
	// as it is, and a YUV420 still is converted once. The ISP gives either; a USB camera
	// under libcamera's uvcvideo pipeline may offer only YUV420 of the two. Packed 24-bit
	// RGB, the last resort, is widened to XRGB8888 frame by frame.
	bool ok = false;
	for (PixelFormat f :
	     {formats::XRGB8888, formats::YUV420, formats::RGB888, formats::BGR888}) {
		sc.pixelFormat = f;
		if (f == formats::YUV420) {
			// the preview: what pixels_yuv420_to_xrgb assumes; a still: JPEG's own
			// (full range), written to the file as it comes
			sc.colorSpace = role == StreamRole::StillCapture ? ColorSpace::Sycc
									 : ColorSpace::Smpte170m;
		}
		if (s->config->validate() != CameraConfiguration::Invalid && sc.pixelFormat == f) {
			ok = true;
			break;
		}
	}
	if (!ok || s->cam->configure(s->config.get()) != 0) {
		return false;
	}
	// validate() drops a transform the sensor and ISP cannot do (vimc's, a USB camera's):
	// then camera.c turns the picture instead
#if LC_VERSION >= 200
	s->base.rotates = flip && s->config->orientation == Orientation::Rotate180;
#else
	s->base.rotates = flip && s->config->transform == Transform::Rot180;
#endif
	s->stream = sc.stream();
	s->allocator = std::make_unique<FrameBufferAllocator>(s->cam);
	if (s->allocator->allocate(s->stream) < 0) {
		return false;
	}
	const auto &buffers = s->allocator->buffers(s->stream);
	for (const auto &buffer : buffers) {
		std::unique_ptr<Request> r = s->cam->createRequest(s->requests.size());
		if (!r || r->addBuffer(s->stream, buffer.get()) != 0) {
			return false;
		}
		std::vector<Mapped> planes;
		for (const FrameBuffer::Plane &p : buffer->planes()) {
			Mapped m;
			m.length = p.offset + p.length;
			m.data = mmap(nullptr, m.length, PROT_READ, MAP_SHARED, p.fd.get(), 0);
			planes.push_back(m);
			if (m.data == MAP_FAILED) {
				s->maps.push_back(planes);
				return false;
			}
		}
		s->maps.push_back(planes);
		s->requests.push_back(std::move(r));
		if (sc.pixelFormat == formats::RGB888 || sc.pixelFormat == formats::BGR888) {
			s->widened.emplace_back((size_t)sc.size.width * sc.size.height);
		}
	}
	s->lent.assign(s->requests.size(), false);
	return true;
}

bool start(Shim *s, bool autofocus_now)
{
	ControlList controls(controls::controls);
	if (s->has_af) {
		controls.set(controls::AfMode,
			     autofocus_now ? controls::AfModeAuto : controls::AfModeContinuous);
	}
	if (s->cam->start(&controls) != 0) {
		return false;
	}
	for (auto &r : s->requests) {
		if (autofocus_now && s->has_af) {
			r->controls().set(controls::AfTrigger, controls::AfTriggerStart);
		}
		s->cam->queueRequest(r.get());
	}
	return true;
}

const uint8_t *plane_data(Shim *s, Request *r, int plane)
{
	const FrameBuffer::Plane &p = r->buffers().begin()->second->planes()[plane];
	return static_cast<const uint8_t *>(s->maps[r->cookie()][plane].data) + p.offset;
}

// The planes of a completed request, with the camera's own line lengths (which the upload
// and the conversion honour). A YUV420 buffer comes as three planes or as one holding all
// three back to back.
struct frame frame_of(Shim *s, Request *r)
{
	const StreamConfiguration &sc = s->config->at(0);
	const FrameBuffer *fb = r->buffers().begin()->second;
	struct frame f = {};
	f.width = (int)sc.size.width;
	f.height = (int)sc.size.height;
	f.data[0] = plane_data(s, r, 0);
	f.stride[0] = (int)sc.stride;
	if (sc.pixelFormat == formats::YUV420) {
		f.format = FRAME_FORMAT_YUV420;
		f.planes = 3;
		f.stride[1] = f.stride[2] = f.stride[0] / 2;
		size_t luma = (size_t)f.stride[0] * (size_t)f.height;
		size_t chroma = (size_t)f.stride[1] * (size_t)((f.height + 1) / 2);
		bool three = fb->planes().size() >= 3;
		f.data[1] = three ? plane_data(s, r, 1) : f.data[0] + luma;
		f.data[2] = three ? plane_data(s, r, 2) : f.data[0] + luma + chroma;
	} else if (sc.pixelFormat == formats::RGB888 || sc.pixelFormat == formats::BGR888) {
		// RGB888 is B, G, R in memory, as XRGB8888 is without its X; BGR888 is R, G, B
		bool bgr = sc.pixelFormat == formats::BGR888;
		uint32_t *out = s->widened[r->cookie()].data();
		for (int y = 0; y < f.height; y++) {
			const uint8_t *in = f.data[0] + (size_t)y * f.stride[0];
			uint32_t *row = out + (size_t)y * (size_t)f.width;
			for (int x = 0; x < f.width; x++, in += 3) {
				uint32_t b = bgr ? in[2] : in[0], g = in[1],
					 rr = bgr ? in[0] : in[2];
				row[x] = 0xff000000u | rr << 16 | g << 8 | b;
			}
		}
		f.format = FRAME_FORMAT_XRGB8888;
		f.planes = 1;
		f.data[0] = reinterpret_cast<const uint8_t *>(out);
		f.stride[0] = f.width * 4;
	} else {
		f.format = FRAME_FORMAT_XRGB8888;
		f.planes = 1;
	}
	f.sequence = fb->metadata().sequence;
	f.timestamp_ms = fb->metadata().timestamp / 1000000;
	return f;
}

// One still at the sensor's size, then back to the viewfinder.
image *take_still(Shim *s)
{
	const StreamConfiguration preview = s->config->at(0);
	s->cam->stop();
	{
		std::lock_guard<std::mutex> g(s->lock);
		s->done.clear();
	}
	unmap_all(s);
	image *img = nullptr;
	if (configure(s, StreamRole::StillCapture, 0, 0) && start(s, true)) {
		std::unique_lock<std::mutex> g(s->lock);
		s->wake.wait_for(g, std::chrono::seconds(5),
				 [s] { return !s->done.empty() || s->lost || s->stopping; });
		if (!s->done.empty()) {
			Request *r = s->done.front();
			s->done.clear();
			const StreamConfiguration &sc = s->config->at(0);
			struct frame f = frame_of(s, r);
			if (f.format == FRAME_FORMAT_YUV420) {
				// kept as YUV, 1.5 bytes a pixel: the JPEG encoder takes it as is
				img = image_create_yuv420(f.width, f.height);
				bool full = sc.colorSpace &&
					    sc.colorSpace->range == ColorSpace::Range::Full;
				pixels_yuv420_copy(f.data, f.stride, f.width, f.height, full, img);
			} else {
				img = image_create((int)sc.size.width, (int)sc.size.height);
				for (int y = 0; y < f.height; y++) {
					std::memcpy(img->pixels + (size_t)y * img->stride,
						    f.data[0] + (size_t)y * f.stride[0],
						    (size_t)f.width * 4);
				}
			}
		}
	}
	s->cam->stop();
	{
		std::lock_guard<std::mutex> g(s->lock);
		s->done.clear();
	}
	unmap_all(s);
	if (!configure(s, StreamRole::Viewfinder, preview.size.width, preview.size.height) ||
	    !start(s, false)) {
		image_destroy(img);
		return nullptr;
	}
	return img;
}

// No frame for this long while a request is queued: the camera is gone (its cable pulled; a
// device unbound, which libcamera 0.0.3 does not always report as a removed camera).
constexpr auto frame_timeout = std::chrono::seconds(5);

// libcamera allows one CameraManager a process, and a gone camera's is never destroyed
std::atomic<bool> manager_abandoned{false};

// A still was asked for: takes it and hands it on, with g unlocked after. False when the
// camera is being stopped instead.
bool serve_still(Shim *s, std::unique_lock<std::mutex> &g)
{
	s->stills_wanted--;
	// the buffers are about to be unmapped: first every preview frame lent to the screen
	// comes back (each is uploaded and returned within a frame; a frame still lent when its
	// memory goes would be read after it is gone)
	s->wake.wait(g, [s] {
		return s->stopping ||
		       std::find(s->lent.begin(), s->lent.end(), true) == s->lent.end();
	});
	if (s->stopping) {
		return false;
	}
	s->reconfiguring = true;
	g.unlock();
	image *img = take_still(s);
	g.lock();
	s->reconfiguring = false;
	g.unlock();
	if (img) {
		s->base.listener.still(s->base.listener.data, img);
	} else {
		s->base.listener.error(s->base.listener.data,
				       "Camera unavailable: check-in still works.");
	}
	return true;
}

void run(Shim *s)
{
	for (;;) {
		std::unique_lock<std::mutex> g(s->lock);
		auto ready = [s] {
			return s->stopping || s->lost || !s->done.empty() || s->stills_wanted > 0;
		};
		if (!s->wake.wait_for(g, frame_timeout, ready)) {
			bool queued =
				std::find(s->lent.begin(), s->lent.end(), false) != s->lent.end();
			if (!queued) {
				continue; // every buffer is lent to the screen: no frame is due
			}
			s->lost = true;
		}
		if (s->stopping) {
			return;
		}
		if (s->lost) {
			s->gone = true;
			manager_abandoned = true;
			g.unlock();
			s->base.listener.error(
				s->base.listener.data,
				"The camera was disconnected: check-in still works.");
			return;
		}
		if (s->stills_wanted > 0) {
			if (!serve_still(s, g)) {
				return;
			}
			continue;
		}
		Request *r = s->done.front();
		s->done.pop_front();
		unsigned slot = (unsigned)r->cookie();
		if (slot >= s->lent.size() || s->lent[slot]) {
			continue;
		}
		s->lent[slot] = true;
		g.unlock();
		struct frame f = frame_of(s, r);
		f.slot = (int)slot;
		s->base.listener.frame(s->base.listener.data, &f);
	}
}

Shim *shim(struct camera *c)
{
	return reinterpret_cast<Holder *>(c)->shim;
}

bool lc_start(struct camera *c)
{
	try {
		Shim *s = shim(c);
		if (s->running) {
			return true;
		}
		if (!start(s, false)) {
			return false;
		}
		s->stopping = false;
		s->worker = std::thread(run, s);
		s->running = true;
		return true;
	} catch (...) {
		return false;
	}
}

void lc_stop(struct camera *c)
{
	try {
		Shim *s = shim(c);
		if (!s->running) {
			return;
		}
		{
			std::lock_guard<std::mutex> g(s->lock);
			s->stopping = true;
			s->wake.notify_one();
		}
		s->worker.join();
		if (!s->gone) {
			s->cam->stop();
		}
		s->running = false;
	} catch (...) {
	}
}

bool lc_capture(struct camera *c)
{
	try {
		Shim *s = shim(c);
		std::lock_guard<std::mutex> g(s->lock);
		s->stills_wanted++;
		s->wake.notify_one();
		return true;
	} catch (...) {
		return false;
	}
}

void lc_release(struct camera *c, int slot)
{
	try {
		Shim *s = shim(c);
		std::lock_guard<std::mutex> g(s->lock);
		if (s->reconfiguring || slot < 0 || (size_t)slot >= s->lent.size() ||
		    !s->lent[slot]) {
			return;
		}
		s->lent[slot] = false;
		s->wake.notify_one();
		Request *r = s->requests[slot].get();
		r->reuse(Request::ReuseBuffers);
		if (s->running && !s->stopping) {
			s->cam->queueRequest(r);
		}
	} catch (...) {
	}
}

void lc_destroy(struct camera *c)
{
	try {
		Shim *s = shim(c);
		if (s->gone) {
			return; // see Shim::gone
		}
		unmap_all(s);
		if (s->cam) {
			s->cam->release();
			s->cam.reset();
		}
		if (s->manager) {
			s->manager->stop();
		}
		delete s;
	} catch (...) {
	}
}

const camera_impl libcamera_impl = {
	"libcamera", lc_start, lc_stop, lc_capture, lc_release, nullptr, nullptr, lc_destroy,
};

} // namespace

extern "C" struct camera *camera_libcamera_create(const struct camera_options *options,
						  const struct camera_listener *listener, char *err,
						  size_t errlen)
{
	if (manager_abandoned) {
		snprintf(err, errlen,
			 "libcamera: the camera was disconnected; restart the booth to use it "
			 "again");
		return nullptr;
	}
	Shim *s = nullptr;
	try {
		s = new Shim();
		std::memset(&s->holder, 0, sizeof(s->holder));
		s->holder.shim = s;
		s->base.impl = &libcamera_impl;
		s->base.listener = *listener;
		s->base.options = *options;
		// libcamera logs everything it does at INFO; the booth's log keeps its errors
		setenv("LIBCAMERA_LOG_LEVELS", "*:ERROR", 0);
		s->manager = std::make_unique<CameraManager>();
		// 0.0.x starts with an empty list when there is no media device; newer releases
		// refuse to start with ENODEV. Both mean the same to whoever stands at the booth.
		int started = s->manager->start();
		if (started != 0 && started != -ENODEV) {
			snprintf(err, errlen, "libcamera: the camera manager did not start: %s",
				 strerror(-started));
			delete s;
			return nullptr;
		}
		if (started == -ENODEV || s->manager->cameras().empty()) {
			snprintf(err, errlen,
				 "libcamera: no camera found (is the ribbon cable seated? "
				 "`rpicam-hello --list-cameras` lists cameras)");
			if (started == 0) {
				s->manager->stop();
			}
			delete s;
			return nullptr;
		}
		s->cam = s->manager->cameras()[0];
		if (s->cam->acquire() != 0) {
			snprintf(err, errlen, "libcamera: %s is in use by another program",
				 s->cam->id().c_str());
			s->cam.reset();
			s->manager->stop();
			delete s;
			return nullptr;
		}
		s->has_af = s->cam->controls().count(&controls::AfMode) > 0;
		s->manager->cameraRemoved.connect(s, &Shim::on_removed);
		s->cam->requestCompleted.connect(s, &Shim::on_request);
		if (!configure(s, StreamRole::Viewfinder, (unsigned)options->preview_width,
			       (unsigned)options->preview_height)) {
			snprintf(err, errlen,
				 "libcamera: %s offers none of XRGB8888, YUV420, RGB888 and BGR888 "
				 "for a viewfinder",
				 s->cam->id().c_str());
			lc_destroy(&s->base);
			return nullptr;
		}
		const StreamConfiguration &sc = s->config->at(0);
		snprintf(s->base.description, sizeof(s->base.description),
			 "libcamera %s, preview %ux%u %s (stride %u)%s", s->cam->id().c_str(),
			 sc.size.width, sc.size.height, sc.pixelFormat.toString().c_str(),
			 sc.stride, s->has_af ? ", autofocus" : "");
		return &s->base;
	} catch (const std::exception &e) {
		snprintf(err, errlen, "libcamera: %s", e.what());
	} catch (...) {
		snprintf(err, errlen, "libcamera: failed to start");
	}
	if (s) {
		lc_destroy(&s->base);
	}
	return nullptr;
}
