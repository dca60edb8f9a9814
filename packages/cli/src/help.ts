import { EXIT } from './exit-codes.js';

/** The tail of `cellftp --help`: examples, environment and the exit codes scripts rely on. */
export const ROOT_HELP_FOOTER = `
Examples:
  $ cellftp demo
  $ cellftp emulate --model EC25 --link tcp              # prints the --port and the ftp:// URL to use
  $ cellftp probe --port 127.0.0.1:7000                  # tcp://host:port or host:port: a serial line over TCP
  $ export CELLFTP_PASSWORD='s3cret'                     # keeps the password out of shell history
  $ cellftp put --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/ ./today.log
  $ cellftp get --port /dev/ttyUSB2 --resume ftp://pi@ftp.example.com/fw/app.bin      # continues app.bin.part
  $ cellftp put --port /dev/ttyUSB2 --resume ftp://pi@ftp.example.com/fw/ ./app.bin
  $ cellftp ls --json --port /dev/ttyUSB2 ftp://pi@ftp.example.com/logs/
  $ cellftp get --trace --secure explicit --ca ./ca.pem --port /dev/ttyUSB2 ftp://pi@ftp.example.com/a.txt

Environment:
  CELLFTP_PASSWORD  FTP password when the URL has none
  CELLFTP_PORT      default for --port
  CELLFTP_APN       default for --apn (default "internet"; an active context is reused as is)

First day with a real module (which port, dialout, ModemManager, APN): docs/hardware.md in the cellftp repository

Exit codes:
  ${EXIT.OK}    success
  ${EXIT.INTERNAL}    unexpected failure (a bug, or the demo's deadline passed)
  ${EXIT.USAGE}    usage error: unknown option, missing argument, invalid URL, path or value
  ${EXIT.FTP}    FTP error: login refused, no such file, server or data-connection failure
  ${EXIT.MODEM}    modem error: device missing or busy, no answer, unknown module, link closed
  ${EXIT.VERIFY}    verification failed: a transfer's sha256 differs (demo)
  ${EXIT.INTERRUPTED}  interrupted (Ctrl-C)
`;

/** One line for each subcommand's help. */
export const EXIT_CODES_SHORT = `Exit codes: ${EXIT.OK} ok, ${EXIT.USAGE} usage error, ${EXIT.FTP} FTP error, ${EXIT.MODEM} modem error, ${EXIT.INTERRUPTED} interrupted (cellftp --help lists all).`;
