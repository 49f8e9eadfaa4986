"""Programs written from the micro:bit MicroPython V2 documentation run as on a V2 with runtime
2.1.2: sound effects, built-in sounds and audio frames with their real durations, the
microphone's events, `import radio`, pin modes, run_every, deep sleep, the flat filesystem.
Facts from the runtime's source (micropython-microbit-v2 v2.1.2, src/codal_port)."""

from __future__ import annotations

import pytest

from atelier.sim import LessonError, simulate_many


def test_sound_effect_fields_defaults_and_printing(sim):
    # audio.rst "Sound Effects": every field, its default, the constants, copy()
    with sim("""
        from microbit import *
        e = audio.SoundEffect()
        print(repr(e))
        print(e)
        print(e.freq_start, e.freq_end, e.duration, e.vol_start, e.vol_end)
        print(audio.SoundEffect.WAVEFORM_SINE, audio.SoundEffect.WAVEFORM_NOISE,
              audio.SoundEffect.FX_TREMOLO, audio.SoundEffect.FX_VIBRATO,
              audio.SoundEffect.FX_WARBLE, audio.SoundEffect.SHAPE_LINEAR,
              audio.SoundEffect.SHAPE_CURVE, audio.SoundEffect.SHAPE_LOG)
        mine = audio.SoundEffect(freq_start=400, freq_end=2000, vol_start=100,
                                 waveform=audio.SoundEffect.WAVEFORM_TRIANGLE,
                                 fx=audio.SoundEffect.FX_VIBRATO)
        other = mine.copy()
        other.waveform = audio.SoundEffect.WAVEFORM_NOISE
        other.shape = 7
        print(mine)
        print(other)
        print(mine.vol_start, mine.waveform)
        for field, value in (("freq_end", 10000), ("vol_end", 256), ("waveform", 10),
                             ("duration", -1)):
            try:
                setattr(mine, field, value)
            except ValueError as err:
                print(field, err)
    """) as b:
        b.run(1)
    assert b.output.splitlines() == [
        "SoundEffect(500, 2500, 500, 255, 0, 3, 0, 18)",
        "SoundEffect(freq_start=500, freq_end=2500, duration=500, vol_start=255, vol_end=0, "
        "waveform=WAVEFORM_SQUARE, fx=FX_NONE, shape=SHAPE_LOG)",
        "500 2500 500 255 0",
        "0 4 2 1 3 1 2 18",
        "SoundEffect(freq_start=400, freq_end=2000, duration=500, vol_start=100, vol_end=0, "
        "waveform=WAVEFORM_TRIANGLE, fx=FX_VIBRATO, shape=SHAPE_LOG)",
        "SoundEffect(freq_start=400, freq_end=2000, duration=500, vol_start=100, vol_end=0, "
        "waveform=WAVEFORM_NOISE, fx=FX_VIBRATO, shape=7)",
        "100 2",
        "freq_end maximum value is 9999",
        "vol_end maximum value is 255",
        "waveform maximum value is 9",
        "duration maximum value is 9999",  # the board keeps fields unsigned
    ]


def test_sounds_and_effects_play_for_their_duration(sim):
    with sim("""
        from microbit import *
        t = running_time()
        audio.play(Sound.HELLO)
        print(running_time() - t, repr(Sound.HELLO))
        effect = audio.SoundEffect(duration=250)
        t = running_time()
        audio.play([effect, audio.SoundEffect(duration=150)])
        print(running_time() - t)
        audio.play(Sound.TWINKLE, wait=False)
        sleep(1000)
        print(audio.is_playing())
        audio.stop()  # 2.1.2 stops AudioFrames only: the sound plays on
        print(audio.is_playing())
        audio.play(Sound.SAD)  # another sound replaces it
        print(audio.is_playing())
        try:
            audio.play(Sound.HAPPY, return_pin=pin1)
        except ValueError as err:
            print(err)
    """) as b:
        b.run(5)
    lines = b.output.splitlines()
    # Hello is CODAL's three effects of 197 + 16 + 293 ms
    assert lines == [
        "506 Sound('hello')",
        "400",
        "True",
        "True",
        "False",
        "return_pin not supported",
    ]
    played = b.hardware.sound.played
    assert [p.name for p in played][:1] == ["hello"] and played[0].duration == 0.506
    twinkle, sad = played[-2:]
    assert twinkle.name == "twinkle" and twinkle.duration == pytest.approx(1.0, abs=0.01)
    assert sad.name == "sad" and sad.duration == 1.644


def test_audio_frames_take_about_4_ms_each(sim):
    # audio.rst: 32 samples per frame at 7812 samples a second
    with sim("""
        import audio
        from microbit import running_time, sleep
        square = audio.AudioFrame()
        for i in range(16):
            square[i] = 255
            square[i + 16] = 0
        print(len(square), square[0], audio.AudioFrame()[5])
        def frames(n):
            for _ in range(n):
                yield square
        t = running_time()
        audio.play(frames(250))
        print(running_time() - t)
        audio.play(frames(100), wait=False)
        sleep(200)
        print(audio.is_playing())
        sleep(300)
        print(audio.is_playing())
        try:
            audio.play([square, 3])
        except TypeError as err:
            print(err)
    """) as b:
        b.run(3)
    assert b.output.splitlines() == ["32 255 128", "1024", "True", "False", "not an AudioFrame"]


def test_importing_radio_turns_it_on(program):
    sender = program(
        """
        import radio
        from microbit import sleep
        sleep(100)
        radio.send("salut")
        """,
        "sender.py",
    )
    receiver = program(
        """
        import radio
        from microbit import sleep
        sleep(200)
        print(radio.receive())
        """,
        "receiver.py",
    )
    with simulate_many([sender, receiver]) as (s, r):
        s.run(1)
    assert r.output == "salut\n"


def test_microphone_events_follow_the_sound_level(sim):
    # microphone.rst: current_event(), was_event(), is_event(), get_events(), set_threshold()
    with sim("""
        from microbit import *
        print(microphone.current_event())
        sleep(500)
        print(microphone.get_events())
        while not microphone.was_event(SoundEvent.LOUD):
            sleep(10)
        print("loud at", running_time(), microphone.is_event(SoundEvent.LOUD),
              microphone.sound_level())
        sleep(1000)
        print(microphone.current_event(), microphone.get_events())
        microphone.set_threshold(SoundEvent.LOUD, 50)
        sleep(10)
        print(microphone.current_event())
        try:
            microphone.was_event("loud")
        except ValueError as err:
            print(err)
    """) as b:
        b.world.sound_level = 30  # a quiet room
        b.run(1)
        b.world.sound_level = 200  # a clap: above 85 dB
        b.run(0.5)
        b.world.sound_level = 60  # 60 is between the thresholds: nothing happens
        b.run(0.2)
        b.world.sound_level = 30
        b.run(2)
    lines = b.output.splitlines()
    loud, at, is_loud, level = lines[2].rsplit(" ", 3)
    assert (loud, is_loud, level) == ("loud at", "True", "200") and 1000 <= int(at) <= 1010
    assert lines[:2] + lines[3:] == [
        "SoundEvent('quiet')",
        "(SoundEvent('quiet'),)",  # CODAL's detector starts below the QUIET threshold
        "SoundEvent('quiet') (SoundEvent('quiet'),)",
        "SoundEvent('quiet')",  # 30 is below a LOUD threshold of 50 and still quiet
        "invalid sound",
    ]


def test_pin_modes_follow_their_use(sim):
    # pin.rst get_mode(): "unused", "write_analog", "read_digital", "write_digital", "display",
    # "button", "music", "audio", "touch", "i2c", "spi"
    with sim("""
        from microbit import *
        print(pin0.get_mode(), pin3.get_mode(), pin5.get_mode(), pin19.get_mode())
        pin0.write_digital(1)
        print(pin0.get_mode())
        pin0.read_digital()
        print(pin0.get_mode())
        pin1.write_analog(511)
        print(pin1.get_mode())
        pin1.write_analog(0)
        print(pin1.get_mode())
        pin2.is_touched()
        print(pin2.get_mode())
        pin2.read_analog()
        print(pin2.get_mode())
        pin5.read_digital()
        print(pin5.get_mode())
        try:
            pin3.write_digital(1)
        except ValueError as err:
            print(err)
        display.off()
        pin3.write_digital(1)
        print(pin3.get_mode())
        pin8.write_digital(2)
    """) as b:
        with pytest.raises(LessonError) as err:
            b.run(1)
    assert b.output.splitlines() == [
        "unused display button i2c",
        "write_digital",
        "read_digital",
        "write_analog",
        "unused",
        "touch",
        "unused",
        "button",
        "Pin 3 in display mode",
        "write_digital",
    ]
    assert "ValueError: value must be 0 or 1" in err.value.summary


def test_music_and_audio_take_their_pin(sim):
    # music and audio play on pin 0 (and the speaker) unless told otherwise: the pin's mode
    with sim("""
        from microbit import *
        import music
        music.play("c4:1")
        print(pin0.get_mode())
        audio.play(Sound.HELLO, wait=False)
        print(pin0.get_mode())
        music.pitch(440, 10, pin=pin1)
        print(pin0.get_mode(), pin1.get_mode())
        music.play("c4:1", pin=None)
        print(pin1.get_mode())
        try:
            music.play("c4:1", pin=pin_speaker)
        except ValueError as err:
            print(err)
    """) as b:
        b.run(3)
    assert b.output.splitlines() == [
        "music",
        "audio",
        "unused music",
        "unused",
        "pin_speaker not allowed",
    ]


def test_blit_of_an_image_onto_itself_copies_what_was_there(sim):
    with sim("""
        from microbit import Image
        i = Image("12345:67890:00000:00000:00000")
        i.blit(i, 1, 0, 4, 2)
        print(repr(i))
        j = Image("12345:67890:00000:00000:00000")
        j.blit(j, 0, 0, 4, 2, 1, 1)
        print(repr(j))
    """) as b:
        b.run(1)
    assert b.output.splitlines() == [
        "Image('23455:78900:00000:00000:00000:')",
        "Image('12345:61234:06789:00000:00000:')",
    ]


def test_files_list_in_creation_order_and_a_removed_one_is_gone(sim):
    with sim("""
        import os
        for name in ("zeta.txt", "alpha.txt", "mid.txt"):
            with open(name, "w") as f:
                f.write(name)
        print(os.listdir())
        with open("zeta.txt", "w") as f:
            f.write("again")
        print(os.listdir())
        os.remove("alpha.txt")
        print(os.listdir())
        with open("alpha.txt") as f:
            print(f.read())
    """) as b:
        with pytest.raises(LessonError) as err:
            b.run(1)
    assert b.output.splitlines() == [
        "['main.py', 'zeta.txt', 'alpha.txt', 'mid.txt']",
        "['main.py', 'alpha.txt', 'mid.txt', 'zeta.txt']",
        "['main.py', 'mid.txt', 'zeta.txt']",
    ]
    assert err.value.line == 11 and err.value.exc_line == "OSError: [Errno 2] ENOENT"


def test_run_every_as_decorator_and_call(sim):
    # microbit.rst run_every: a decorator, or a call with the function
    with sim("""
        from microbit import *
        ticks = []
        @run_every(ms=250)
        def fast():
            ticks.append(("fast", running_time()))
        def slow():
            ticks.append(("slow", running_time()))
        run_every(slow, s=1)
        sleep(1100)
        print(ticks)
        print(scale(accelerometer.get_x(), from_=(-2000, 2000), to=(0, 9999)))
        print(scale(3, from_=(0, 10), to=(0.0, 1.0)))
        try:
            run_every(slow, s=0.5)
        except TypeError as err:
            print(err)
        run_every(lambda: 1 / 0, ms=100)
        sleep(1000)
        print("never")
    """) as b:
        b.world.acceleration = (0, 0, -1000)
        with pytest.raises(LessonError) as err:
            b.run(3)
    lines = b.output.splitlines()
    assert eval(lines[0]) == [
        ("fast", 250),
        ("fast", 500),
        ("fast", 750),
        ("fast", 1000),
        ("slow", 1000),
    ]
    assert lines[1:] == ["5000", "0.3", "can't convert float to int"]
    assert "ZeroDivisionError" in err.value.summary
    assert b.time == pytest.approx(1.2, abs=0.01)  # the callback's error ended the program


def test_run_every_runs_in_a_loop_that_never_sleeps(sim):
    # the board's scheduler runs callbacks between bytecodes, not only in sleep()
    with sim("""
        from microbit import *
        n = [0]
        @run_every(ms=100)
        def tick():
            n[0] += 1
        t = running_time()
        while running_time() - t < 1000:
            button_a.is_pressed()
        print("busy", n[0])
        sleep(1000)
        print("asleep", n[0])
    """) as b:
        b.run(3)
    assert b.output.splitlines() == ["busy 10", "asleep 20"]


def test_deep_sleep_wakes_on_time_on_a_button_or_a_pin(sim):
    # power.rst deep_sleep(ms, wake_on, run_every)
    with sim("""
        from microbit import *
        import power
        n = [0]
        @run_every(s=1)
        def count():
            n[0] += 1
        power.deep_sleep(ms=5500)
        print("slept", running_time(), n[0])
        power.deep_sleep(wake_on=button_a)
        print("button", running_time(), n[0])
        power.deep_sleep(ms=60000, wake_on=(pin0, button_b), run_every=False)
        print("pin", running_time(), n[0])
        power.deep_sleep(wake_on=display)
    """) as b:
        b.run(8)
        b.press("A")
        b.run(2)
        b.world.pins = {0: 1}
        with pytest.raises(LessonError) as err:
            b.run(1)
    assert b.output.splitlines() == ["slept 5500 5", "button 8000 8", "pin 10000 8"]
    assert "ValueError: expecting a pin or button" in err.value.summary


def test_speech_translate_gives_the_reciters_phonemes(sim):
    # speech.rst: translate() returns SAM's phonemes for English words, which pronounce() says
    with sim("""
        import speech
        print(speech.translate("hello world"))
        print(speech.translate("The quick brown fox"))
        print(speech.translate("I can sing!"))
        print(speech.translate("3.5 chips, please?"))
        speech.pronounce(speech.translate("hello"))
        speech.translate("x" * 81)
    """) as b:
        with pytest.raises(LessonError) as err:
            b.run(5)
    # the reciter begins with the space it puts before the text
    assert b.output.splitlines() == [
        " /HEHLOW WERLD",
        " DHAX KWIHK BROWN FAAKS",
        " AY4 KAEN SIHNX.",
        "  THRIY4 POYNT FAY4V CHIHS, PLIY5Z?",  # SAM's rules drop a P before S
    ]
    assert b.hardware.spoken[-1] == " /HEHLOW"
    assert "ValueError: text too long" in err.value.summary
