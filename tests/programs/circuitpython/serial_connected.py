# Whether a computer's serial console is open.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/supervisor/
# On the board, with the console open (as here): True.
# > True
import supervisor

print(supervisor.runtime.serial_connected)
