# Draw in a frame buffer (as for a small OLED).
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/framebuf.html
# On the board: pixels read back; the buffer's first byte holds the top-left pixels.
# > 1 0
# > 255
import framebuf

buf = bytearray(128 * 64 // 8)
fb = framebuf.FrameBuffer(buf, 128, 64, framebuf.MONO_VLSB)
fb.pixel(0, 0, 1)
print(fb.pixel(0, 0), fb.pixel(1, 1))
fb.fill_rect(0, 0, 8, 8, 1)
print(buf[0])
