// Pictures from a phone's camera as the photos API takes them: {caption, mime, data(base64)}.
export function readPhoto(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const text = String(reader.result)
      resolve({ caption: file.name ?? '', mime: file.type, data: text.slice(text.indexOf(',') + 1) })
    }
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

export async function readPhotos(files) {
  const out = []
  for (const f of files ?? []) if (['image/jpeg', 'image/png', 'image/webp'].includes(f.type)) out.push(await readPhoto(f))
  return out
}
