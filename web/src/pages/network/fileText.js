// Reads a picked file as text: .inp and CSV files go to the server as JSON
// strings, so the browser never needs multipart uploads.

/** @param {File} file @returns {Promise<string>} */
export function readFileText(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error)
    reader.readAsText(file)
  })
}
