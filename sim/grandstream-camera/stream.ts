import type { ServerResponse } from 'node:http';
import type { CameraCore } from './core';

/**
 * The endless MJPEG stream of `/goform/stream?cmd=get&channel=N` (seed 002 §24):
 * `multipart/x-mixed-replace`, one fresh JPEG per part at a few frames per second, until the
 * client goes away (or the camera reboots). Viewers of the same view share one encoded frame per
 * tick; a viewer that is not reading skips frames instead of buffering them.
 */

export const MJPEG_BOUNDARY = 'GrandstreamMJPEGBoundary';

interface Feed {
  clients: Set<ServerResponse>;
  timer: NodeJS.Timeout;
}

export class MjpegStreams {
  private readonly feeds = new Map<number, Feed>();

  constructor(private readonly core: CameraCore) {}

  get count(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.clients.size;
    return n;
  }

  start(res: ServerResponse, view: number): void {
    res.writeHead(200, {
      'Content-Type': `multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`,
      'Cache-Control': 'no-cache',
      Pragma: 'no-cache',
      Connection: 'close',
    });
    let feed = this.feeds.get(view);
    if (!feed) {
      const f: Feed = { clients: new Set(), timer: setInterval(() => this.tick(view, f), Math.round(1000 / this.core.opts.streamFps)) };
      this.feeds.set(view, f);
      feed = f;
    }
    feed.clients.add(res);
    const current = feed;
    res.on('close', () => {
      current.clients.delete(res);
      if (current.clients.size === 0) {
        clearInterval(current.timer);
        if (this.feeds.get(view) === current) this.feeds.delete(view);
      }
    });
    this.write(res, this.core.nextFrame(view));
  }

  private tick(view: number, feed: Feed): void {
    const ready = [...feed.clients].filter((r) => !r.destroyed && !r.writableEnded && !r.writableNeedDrain);
    if (ready.length === 0) return;
    const jpg = this.core.nextFrame(view);
    for (const r of ready) this.write(r, jpg);
  }

  private write(res: ServerResponse, jpg: Buffer): void {
    res.write(`--${MJPEG_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpg.length}\r\n\r\n`);
    res.write(jpg);
    res.write('\r\n');
  }

  /** Cut every stream (reboot, dispose): the connection just drops, as when a camera goes down. */
  stopAll(): void {
    for (const f of this.feeds.values()) {
      clearInterval(f.timer);
      for (const r of f.clients) {
        r.socket?.destroy();
        r.destroy();
      }
      f.clients.clear();
    }
    this.feeds.clear();
  }
}
