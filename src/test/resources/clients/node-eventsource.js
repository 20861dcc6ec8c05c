// npm's eventsource package (2.x) as a Node application uses it: subscribe, print every message,
// let the package reconnect by itself with Last-Event-ID. Started by ThirdPartyClientsTest:
//   node node-eventsource.js PATH_TO_EVENTSOURCE_JS URL
// Prints "MESSAGE <id> <data>" per message and "ERROR <status>" per failed (re)connect.
const EventSource = require(process.argv[2]);
const source = new EventSource(process.argv[3]);
source.onmessage = (e) => console.log('MESSAGE ' + e.lastEventId + ' ' + e.data);
source.onerror = (e) => console.log('ERROR ' + (e && e.status ? e.status : 'network'));
