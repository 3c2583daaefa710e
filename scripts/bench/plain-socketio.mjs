// The baseline for the pull benchmark: the same number of bytes over a plain Socket.IO connection
// on loopback (binary acks of 512 KiB, one at a time), no envelope, no encryption, no files.
//   node plain-socketio.mjs <url> <bytes>
import { io } from 'socket.io-client';

const [url, total] = [process.argv[2], Number(process.argv[3])];
const socket = io(url, { transports: ['websocket'], reconnection: false });
let got = 0;
const ask = () =>
  socket.emit('get', got, (chunk) => {
    got += chunk.byteLength;
    if (got >= total) {
      socket.disconnect();
      process.exit(0);
    }
    ask();
  });
socket.on('connect', ask);
