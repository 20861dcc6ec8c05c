// herald.js as an ES module: import Herald, {subscribe, publish} from '/herald/js/herald.mjs';
import './herald.js';

const Herald = globalThis.Herald;
if (!Herald.defaults.base) {
  // Imported as a module, the classic script cannot see its own URL: Herald is served one level up.
  Herald.defaults.base = new URL('..', import.meta.url).href.replace(/\/$/, '');
}
export default Herald;
export const subscribe = Herald.subscribe;
export const publish = Herald.publish;
