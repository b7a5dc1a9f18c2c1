// Photos are read the same way everywhere (api/photo.js).
export * from '../../api/photo'
