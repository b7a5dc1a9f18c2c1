// A chosen picture as the API takes it: {caption, mime, data (base64)}.

/** @param {File} file */
export async function readPhoto(file) {
  const bytes = new Uint8Array(await file.arrayBuffer())
  return { caption: file.name.replace(/\.[^.]+$/, ''), mime: file.type, data: toBase64(bytes) }
}

/** Base64 of bytes, in chunks so a 2 MiB picture does not overflow the call stack. */
export function toBase64(bytes) {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}
